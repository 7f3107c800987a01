DROP INDEX `claimed_events_received_idx`;--> statement-breakpoint
ALTER TABLE `claimed_events` ADD `status` text DEFAULT 'done' NOT NULL;--> statement-breakpoint
ALTER TABLE `claimed_events` ADD `event` text;--> statement-breakpoint
ALTER TABLE `claimed_events` ADD `keep_until` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `claimed_events` ADD `lease_until` integer;--> statement-breakpoint
ALTER TABLE `claimed_events` ADD `attempts` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `claimed_events` ADD `done_at` integer;--> statement-breakpoint
CREATE INDEX `claimed_events_keep_idx` ON `claimed_events` (`keep_until`);--> statement-breakpoint
CREATE INDEX `claimed_events_pending_idx` ON `claimed_events` (`status`,`lease_until`);--> statement-breakpoint
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_processed_messages` (
	`platform` text NOT NULL,
	`message_id` text NOT NULL,
	`sender_id` text NOT NULL,
	`chat_id` text NOT NULL,
	`response` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL,
	PRIMARY KEY(`platform`, `message_id`, `sender_id`, `chat_id`)
);
--> statement-breakpoint
-- Stored answers are not copied: they were keyed without sender and chat and may hold private replies
-- in plaintext (issue 15 item 3); a repeat of an old message is handled afresh.
DROP TABLE `processed_messages`;--> statement-breakpoint
ALTER TABLE `__new_processed_messages` RENAME TO `processed_messages`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE INDEX `processed_created_idx` ON `processed_messages` (`created_at`);