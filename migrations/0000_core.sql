CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` integer NOT NULL,
	`actor_member_id` text,
	`actor` text NOT NULL,
	`action` text NOT NULL,
	`unit_id` text,
	`platform` text,
	`chat_id` text,
	`target` text,
	`detail` text
);
--> statement-breakpoint
CREATE INDEX `audit_unit_at_idx` ON `audit_log` (`unit_id`,`at`);--> statement-breakpoint
CREATE TABLE `chat_bindings` (
	`platform` text NOT NULL,
	`chat_id` text NOT NULL,
	`unit_id` text NOT NULL,
	`chat_name` text,
	`bound_by` text NOT NULL,
	`bound_at` integer NOT NULL,
	PRIMARY KEY(`platform`, `chat_id`)
);
--> statement-breakpoint
CREATE INDEX `chat_bindings_unit_idx` ON `chat_bindings` (`unit_id`);--> statement-breakpoint
CREATE TABLE `identities` (
	`platform` text NOT NULL,
	`user_id` text NOT NULL,
	`member_id` text NOT NULL,
	`display_name` text,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`platform`, `user_id`)
);
--> statement-breakpoint
CREATE INDEX `identities_member_idx` ON `identities` (`member_id`);--> statement-breakpoint
CREATE TABLE `invite_uses` (
	`code` text PRIMARY KEY NOT NULL,
	`member_id` text NOT NULL,
	`used_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `invites` (
	`code` text PRIMARY KEY NOT NULL,
	`unit_id` text NOT NULL,
	`role` text NOT NULL,
	`party_status` text,
	`created_by` text NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `members` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`unit_id` text,
	`role` text NOT NULL,
	`party_status` text,
	`is_admin` integer DEFAULT false NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `members_unit_idx` ON `members` (`unit_id`);--> statement-breakpoint
CREATE TABLE `processed_messages` (
	`platform` text NOT NULL,
	`message_id` text NOT NULL,
	`response` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL,
	PRIMARY KEY(`platform`, `message_id`)
);
--> statement-breakpoint
CREATE INDEX `processed_created_idx` ON `processed_messages` (`created_at`);--> statement-breakpoint
CREATE TABLE `units` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`type` text NOT NULL,
	`parent_id` text,
	`time_zone` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `units_name_uq` ON `units` (`name`);--> statement-breakpoint
CREATE INDEX `units_parent_idx` ON `units` (`parent_id`);