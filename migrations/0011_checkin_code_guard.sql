CREATE TABLE `checkin_wrong_codes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`meeting_id` integer NOT NULL,
	`member_id` text NOT NULL,
	`at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `checkin_wrong_codes_meeting_member_idx` ON `checkin_wrong_codes` (`meeting_id`,`member_id`);--> statement-breakpoint
ALTER TABLE `meetings` ADD `code_generation` integer DEFAULT 0 NOT NULL;