CREATE TABLE `conversations` (
	`platform` text NOT NULL,
	`user_id` text NOT NULL,
	`kind` text NOT NULL,
	`state` text NOT NULL,
	`updated_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	PRIMARY KEY(`platform`, `user_id`)
);
--> statement-breakpoint
CREATE TABLE `need_events` (
	`need_id` integer NOT NULL,
	`seq` integer NOT NULL,
	`event` text NOT NULL,
	`from_status` text NOT NULL,
	`to_status` text NOT NULL,
	`actor_member_id` text,
	`volunteer_id` text,
	`at` integer NOT NULL,
	`note` text,
	PRIMARY KEY(`need_id`, `seq`)
);
--> statement-breakpoint
CREATE TABLE `needs` (
	`id` integer PRIMARY KEY NOT NULL,
	`unit_id` text NOT NULL,
	`type` text NOT NULL,
	`description` text NOT NULL,
	`area` text DEFAULT '' NOT NULL,
	`urgency` text DEFAULT 'normal' NOT NULL,
	`time_mask` integer DEFAULT 0 NOT NULL,
	`status` text NOT NULL,
	`version` integer DEFAULT 0 NOT NULL,
	`volunteer_id` text,
	`created_by` text NOT NULL,
	`created_at` integer NOT NULL,
	`status_at` integer NOT NULL,
	`last_visit_at` integer,
	`rating` integer,
	`rating_comment` text,
	`consent` integer,
	`consent_at` integer,
	`consent_by` text,
	`name_enc` text,
	`phone_enc` text,
	`address_enc` text
);
--> statement-breakpoint
CREATE INDEX `needs_unit_status_idx` ON `needs` (`unit_id`,`status`);--> statement-breakpoint
CREATE INDEX `needs_volunteer_status_idx` ON `needs` (`volunteer_id`,`status`);--> statement-breakpoint
CREATE INDEX `needs_status_at_idx` ON `needs` (`status`,`status_at`);--> statement-breakpoint
CREATE TABLE `service_logs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`need_id` integer NOT NULL,
	`volunteer_id` text NOT NULL,
	`at` integer NOT NULL,
	`hours` real NOT NULL,
	`content` text NOT NULL,
	`logged_by` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `service_logs_need_idx` ON `service_logs` (`need_id`,`at`);--> statement-breakpoint
CREATE INDEX `service_logs_volunteer_idx` ON `service_logs` (`volunteer_id`,`at`);--> statement-breakpoint
CREATE TABLE `volunteers` (
	`member_id` text PRIMARY KEY NOT NULL,
	`skills` text NOT NULL,
	`skill_mask` integer NOT NULL,
	`area` text DEFAULT '' NOT NULL,
	`free_mask` integer DEFAULT 0 NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `volunteers_area_idx` ON `volunteers` (`area`);