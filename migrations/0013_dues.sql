CREATE TABLE `dues_bases` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`member_id` text NOT NULL,
	`unit_id` text NOT NULL,
	`from_month` integer NOT NULL,
	`kind` text NOT NULL,
	`base_enc` text,
	`fixed_cents` integer,
	`source` text NOT NULL,
	`set_by_member_id` text,
	`set_by_identity` text NOT NULL,
	`set_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `dues_bases_member_idx` ON `dues_bases` (`member_id`,`from_month`);--> statement-breakpoint
CREATE TABLE `dues_imports` (
	`link_id` text PRIMARY KEY NOT NULL,
	`unit_id` text NOT NULL,
	`rows` integer NOT NULL,
	`at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `dues_payments` (
	`id` integer PRIMARY KEY NOT NULL,
	`member_id` text NOT NULL,
	`unit_id` text NOT NULL,
	`month` integer NOT NULL,
	`amount_cents` integer NOT NULL,
	`proxy` integer DEFAULT false NOT NULL,
	`proxy_name` text,
	`recorded_by_member_id` text,
	`recorded_by_identity` text NOT NULL,
	`recorded_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `dues_payments_unit_month_idx` ON `dues_payments` (`unit_id`,`month`);--> statement-breakpoint
CREATE INDEX `dues_payments_member_month_idx` ON `dues_payments` (`member_id`,`month`);--> statement-breakpoint
CREATE TABLE `dues_reversals` (
	`payment_id` integer PRIMARY KEY NOT NULL,
	`reason` text NOT NULL,
	`by_member_id` text,
	`by_identity` text NOT NULL,
	`at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `dues_runs` (
	`unit_id` text NOT NULL,
	`month` integer NOT NULL,
	`kind` text NOT NULL,
	`at` integer NOT NULL,
	PRIMARY KEY(`unit_id`, `month`, `kind`)
);
--> statement-breakpoint
CREATE TABLE `dues_settings` (
	`unit_id` text PRIMARY KEY NOT NULL,
	`reminder_day` integer NOT NULL,
	`updated_by_member_id` text,
	`updated_by_identity` text NOT NULL,
	`updated_at` integer NOT NULL
);
