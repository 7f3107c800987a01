CREATE TABLE `attendance` (
	`meeting_id` integer NOT NULL,
	`member_id` text NOT NULL,
	`status` text NOT NULL,
	`method` text,
	`late` integer DEFAULT false NOT NULL,
	`reason` text,
	`at` integer NOT NULL,
	`by_member_id` text,
	PRIMARY KEY(`meeting_id`, `member_id`)
);
--> statement-breakpoint
CREATE INDEX `attendance_member_idx` ON `attendance` (`member_id`);--> statement-breakpoint
CREATE TABLE `makeup_requests` (
	`id` integer PRIMARY KEY NOT NULL,
	`meeting_id` integer NOT NULL,
	`member_id` text NOT NULL,
	`reason` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`requested_at` integer NOT NULL,
	`decided_by` text,
	`decided_at` integer,
	`note` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `makeup_meeting_member_uq` ON `makeup_requests` (`meeting_id`,`member_id`);--> statement-breakpoint
CREATE TABLE `meeting_series` (
	`id` text PRIMARY KEY NOT NULL,
	`unit_id` text NOT NULL,
	`type` text NOT NULL,
	`title` text NOT NULL,
	`place` text,
	`day` integer NOT NULL,
	`hour` integer NOT NULL,
	`minute` integer NOT NULL,
	`require_code` integer DEFAULT false NOT NULL,
	`opens_before_min` integer NOT NULL,
	`closes_after_min` integer NOT NULL,
	`host_member_id` text,
	`recorder_member_id` text,
	`active` integer DEFAULT true NOT NULL,
	`created_by` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `meetings` (
	`id` integer PRIMARY KEY NOT NULL,
	`unit_id` text NOT NULL,
	`type` text NOT NULL,
	`title` text NOT NULL,
	`place` text,
	`starts_at` integer NOT NULL,
	`opens_before_min` integer NOT NULL,
	`closes_after_min` integer NOT NULL,
	`code_secret` text,
	`series_id` text,
	`host_member_id` text,
	`recorder_member_id` text,
	`status` text DEFAULT 'scheduled' NOT NULL,
	`cancel_reason` text,
	`cancelled_at` integer,
	`created_by` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `meetings_unit_start_idx` ON `meetings` (`unit_id`,`starts_at`);--> statement-breakpoint
CREATE UNIQUE INDEX `meetings_series_start_uq` ON `meetings` (`series_id`,`starts_at`);