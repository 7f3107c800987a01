CREATE TABLE `claimed_events` (
	`platform` text NOT NULL,
	`event_id` text NOT NULL,
	`received_at` integer NOT NULL,
	PRIMARY KEY(`platform`, `event_id`)
);
--> statement-breakpoint
CREATE INDEX `claimed_events_received_idx` ON `claimed_events` (`received_at`);--> statement-breakpoint
DROP INDEX `notices_sender_idx`;--> statement-breakpoint
ALTER TABLE `notices` ADD `created_by_member_id` text;--> statement-breakpoint
ALTER TABLE `notices` ADD `created_by_identity` text;--> statement-breakpoint
CREATE INDEX `notices_sender_idx` ON `notices` (`created_by_identity`,`status`);--> statement-breakpoint
ALTER TABLE `chat_bindings` ADD `bound_by_member_id` text;--> statement-breakpoint
ALTER TABLE `chat_bindings` ADD `bound_by_identity` text;--> statement-breakpoint
ALTER TABLE `invites` ADD `created_by_member_id` text;--> statement-breakpoint
ALTER TABLE `invites` ADD `created_by_identity` text;--> statement-breakpoint
ALTER TABLE `makeup_requests` ADD `decided_by_member_id` text;--> statement-breakpoint
ALTER TABLE `makeup_requests` ADD `decided_by_identity` text;--> statement-breakpoint
ALTER TABLE `meeting_series` ADD `created_by_member_id` text;--> statement-breakpoint
ALTER TABLE `meeting_series` ADD `created_by_identity` text;--> statement-breakpoint
ALTER TABLE `meetings` ADD `created_by_member_id` text;--> statement-breakpoint
ALTER TABLE `meetings` ADD `created_by_identity` text;--> statement-breakpoint
ALTER TABLE `notice_chases` ADD `by_member_id` text;--> statement-breakpoint
ALTER TABLE `notice_chases` ADD `by_identity` text;--> statement-breakpoint
ALTER TABLE `need_events` ADD `actor_identity` text;--> statement-breakpoint
ALTER TABLE `needs` ADD `created_by_member_id` text;--> statement-breakpoint
ALTER TABLE `needs` ADD `created_by_identity` text;--> statement-breakpoint
ALTER TABLE `needs` ADD `consent_by_member_id` text;--> statement-breakpoint
ALTER TABLE `needs` ADD `consent_by_identity` text;--> statement-breakpoint
ALTER TABLE `service_logs` ADD `logged_by_member_id` text;--> statement-breakpoint
ALTER TABLE `service_logs` ADD `logged_by_identity` text;--> statement-breakpoint
ALTER TABLE `reminder_settings` ADD `updated_by_member_id` text;--> statement-breakpoint
ALTER TABLE `reminder_settings` ADD `updated_by_identity` text;