CREATE TABLE `appointment_drafts` (
	`platform` text NOT NULL,
	`user_id` text NOT NULL,
	`target_member_id` text NOT NULL,
	`unit_id` text NOT NULL,
	`replaces_member_id` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`platform`, `user_id`)
);
--> statement-breakpoint
ALTER TABLE `invites` ADD `deputy` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `invites` ADD `for_platform` text;--> statement-breakpoint
ALTER TABLE `invites` ADD `for_user_id` text;--> statement-breakpoint
ALTER TABLE `invites` ADD `for_name` text;--> statement-breakpoint
ALTER TABLE `members` ADD `deputy` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `service_logs` ADD `pending` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `service_logs` ADD `confirmed_by_member_id` text;--> statement-breakpoint
ALTER TABLE `service_logs` ADD `confirmed_by_identity` text;--> statement-breakpoint
ALTER TABLE `service_logs` ADD `confirmed_at` integer;