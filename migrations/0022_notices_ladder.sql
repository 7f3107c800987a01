CREATE TABLE `delivered_read_checks` (
	`outbox_id` integer PRIMARY KEY NOT NULL,
	`checked_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `notice_chase_units` (
	`notice_id` integer NOT NULL,
	`unit_id` text NOT NULL,
	`seq` integer NOT NULL,
	`step` integer NOT NULL,
	`at` integer NOT NULL,
	PRIMARY KEY(`notice_id`, `unit_id`, `seq`)
);
--> statement-breakpoint
CREATE TABLE `notice_reads` (
	`notice_id` integer NOT NULL,
	`platform` text NOT NULL,
	`user_id` text NOT NULL,
	`at` integer NOT NULL,
	PRIMARY KEY(`notice_id`, `platform`, `user_id`)
);
--> statement-breakpoint
ALTER TABLE `notice_chases` ADD `channel` text;--> statement-breakpoint
ALTER TABLE `notices` ADD `deadline_at` integer;--> statement-breakpoint
ALTER TABLE `notices` ADD `withdrawn_at` integer;--> statement-breakpoint
ALTER TABLE `notices` ADD `withdrawn_by_member_id` text;--> statement-breakpoint
ALTER TABLE `notices` ADD `withdrawn_by_identity` text;--> statement-breakpoint
CREATE INDEX `notices_deadline_idx` ON `notices` (`status`,`deadline_at`);