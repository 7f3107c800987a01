CREATE TABLE `time_defaults` (
	`unit_id` text NOT NULL,
	`part` text NOT NULL,
	`clock_min` integer NOT NULL,
	`updated_by_member_id` text,
	`updated_by_identity` text,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`unit_id`, `part`)
);
--> statement-breakpoint
ALTER TABLE `meeting_series` ADD `duration_min` integer;--> statement-breakpoint
ALTER TABLE `meetings` ADD `ends_at` integer;