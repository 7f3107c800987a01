DROP INDEX `claimed_events_received_idx`;--> statement-breakpoint
ALTER TABLE `claimed_events` ADD `status` text DEFAULT 'done' NOT NULL;--> statement-breakpoint
ALTER TABLE `claimed_events` ADD `event` text;--> statement-breakpoint
ALTER TABLE `claimed_events` ADD `keep_until` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `claimed_events` ADD `lease_until` integer;--> statement-breakpoint
ALTER TABLE `claimed_events` ADD `attempts` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `claimed_events` ADD `done_at` integer;--> statement-breakpoint
CREATE INDEX `claimed_events_keep_idx` ON `claimed_events` (`keep_until`);--> statement-breakpoint
CREATE INDEX `claimed_events_pending_idx` ON `claimed_events` (`status`,`lease_until`);