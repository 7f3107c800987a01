CREATE TABLE `meeting_files` (
	`id` text PRIMARY KEY NOT NULL,
	`meeting_id` integer NOT NULL,
	`kind` text NOT NULL,
	`mime` text NOT NULL,
	`name` text,
	`bytes` integer NOT NULL,
	`sha256` text NOT NULL,
	`file_key` text NOT NULL,
	`thumb_key` text,
	`width` integer,
	`height` integer,
	`platform` text NOT NULL,
	`message_id` text NOT NULL,
	`position` integer NOT NULL,
	`by_member_id` text,
	`by_identity` text NOT NULL,
	`sent_at` integer NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `meeting_files_message_uq` ON `meeting_files` (`platform`,`message_id`,`position`);--> statement-breakpoint
CREATE INDEX `meeting_files_meeting_idx` ON `meeting_files` (`meeting_id`,`sent_at`);--> statement-breakpoint
CREATE TABLE `minutes` (
	`meeting_id` integer NOT NULL,
	`version` integer NOT NULL,
	`body` text NOT NULL,
	`author_member_id` text,
	`author_identity` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`meeting_id`, `version`)
);
--> statement-breakpoint
CREATE TABLE `minutes_confirmations` (
	`meeting_id` integer NOT NULL,
	`version` integer NOT NULL,
	`member_id` text NOT NULL,
	`identity` text NOT NULL,
	`at` integer NOT NULL,
	PRIMARY KEY(`meeting_id`, `version`)
);
--> statement-breakpoint
CREATE TABLE `minutes_drafts` (
	`meeting_id` integer PRIMARY KEY NOT NULL,
	`base_version` integer NOT NULL,
	`mode` text NOT NULL,
	`body` text NOT NULL,
	`author_member_id` text,
	`author_identity` text NOT NULL,
	`updated_at` integer NOT NULL
);
