DROP TABLE `lark_events`;--> statement-breakpoint
ALTER TABLE `chat_bindings` DROP COLUMN `bound_by`;--> statement-breakpoint
ALTER TABLE `invites` DROP COLUMN `created_by`;--> statement-breakpoint
ALTER TABLE `makeup_requests` DROP COLUMN `decided_by`;--> statement-breakpoint
ALTER TABLE `meeting_series` DROP COLUMN `created_by`;--> statement-breakpoint
ALTER TABLE `meetings` DROP COLUMN `created_by`;--> statement-breakpoint
ALTER TABLE `notice_chases` DROP COLUMN `by`;--> statement-breakpoint
ALTER TABLE `notices` DROP COLUMN `created_by_member`;--> statement-breakpoint
ALTER TABLE `notices` DROP COLUMN `created_by`;--> statement-breakpoint
ALTER TABLE `needs` DROP COLUMN `created_by`;--> statement-breakpoint
ALTER TABLE `needs` DROP COLUMN `consent_by`;--> statement-breakpoint
ALTER TABLE `service_logs` DROP COLUMN `logged_by`;--> statement-breakpoint
ALTER TABLE `reminder_settings` DROP COLUMN `updated_by`;