CREATE TABLE `notice_acks` (
	`notice_id` integer NOT NULL,
	`member_id` text NOT NULL,
	`at` integer NOT NULL,
	`platform` text NOT NULL,
	`user_id` text NOT NULL,
	PRIMARY KEY(`notice_id`, `member_id`)
);
--> statement-breakpoint
CREATE TABLE `notice_chases` (
	`notice_id` integer NOT NULL,
	`seq` integer NOT NULL,
	`at` integer NOT NULL,
	`by` text NOT NULL,
	`pending` integer NOT NULL,
	PRIMARY KEY(`notice_id`, `seq`)
);
--> statement-breakpoint
CREATE TABLE `notice_targets` (
	`notice_id` integer NOT NULL,
	`unit_id` text NOT NULL,
	PRIMARY KEY(`notice_id`, `unit_id`)
);
--> statement-breakpoint
CREATE INDEX `notice_targets_unit_idx` ON `notice_targets` (`unit_id`);--> statement-breakpoint
CREATE TABLE `notices` (
	`id` integer PRIMARY KEY NOT NULL,
	`unit_id` text NOT NULL,
	`title` text,
	`body` text NOT NULL,
	`status` text NOT NULL,
	`created_by_member` text,
	`created_by` text NOT NULL,
	`created_by_name` text NOT NULL,
	`created_at` integer NOT NULL,
	`scheduled_at` integer,
	`sent_at` integer,
	`publish_at` integer
);
--> statement-breakpoint
CREATE INDEX `notices_sender_idx` ON `notices` (`created_by`,`status`);--> statement-breakpoint
CREATE INDEX `notices_publish_idx` ON `notices` (`status`,`publish_at`);--> statement-breakpoint
ALTER TABLE `outbox` ADD `unit_id` text;--> statement-breakpoint
CREATE INDEX `outbox_sent_idx` ON `outbox` (`platform`,`sent_at`);