ALTER TABLE `needs` ADD `household_erased_at` integer;--> statement-breakpoint
ALTER TABLE `needs` ADD `household_erased_cause` text;--> statement-breakpoint
ALTER TABLE `needs` ADD `household_erased_by_member_id` text;--> statement-breakpoint
ALTER TABLE `needs` ADD `household_erased_by_identity` text;