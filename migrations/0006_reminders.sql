CREATE TABLE `reminder_settings` (
	`unit_id` text PRIMARY KEY NOT NULL,
	`offsets_min` text,
	`quiet_hours` text,
	`updated_by` text NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `reminders` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`meeting_id` integer NOT NULL,
	`offset_min` integer NOT NULL,
	`due_at` integer NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`lease_owner` text,
	`lease_until` integer,
	`done_at` integer,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `reminders_meeting_offset_uq` ON `reminders` (`meeting_id`,`offset_min`);--> statement-breakpoint
CREATE INDEX `reminders_due_idx` ON `reminders` (`status`,`due_at`);--> statement-breakpoint
CREATE TABLE `scheduler_runs` (
	`job` text NOT NULL,
	`slot` text NOT NULL,
	`at` integer NOT NULL,
	PRIMARY KEY(`job`, `slot`)
);
