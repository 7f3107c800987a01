CREATE TABLE `meeting_drafts` (
	`platform` text NOT NULL,
	`user_id` text NOT NULL,
	`input` text NOT NULL,
	`duplicate_of` integer NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`platform`, `user_id`)
);
--> statement-breakpoint
ALTER TABLE `meeting_series` ADD `speaker_member_id` text;--> statement-breakpoint
ALTER TABLE `meetings` ADD `speaker_member_id` text;