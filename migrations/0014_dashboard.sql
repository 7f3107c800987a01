CREATE TABLE `dashboard_links` (
	`secret_hash` text PRIMARY KEY NOT NULL,
	`issued_to_member_id` text,
	`issued_to_identity` text NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`used_at` integer
);
--> statement-breakpoint
CREATE INDEX `dashboard_links_identity_idx` ON `dashboard_links` (`issued_to_identity`);--> statement-breakpoint
CREATE TABLE `dashboard_rows` (
	`unit_id` text PRIMARY KEY NOT NULL,
	`computed_at` integer NOT NULL,
	`figures` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `dashboard_sessions` (
	`secret_hash` text PRIMARY KEY NOT NULL,
	`link_hash` text NOT NULL,
	`member_id` text,
	`identity` text NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`ended_at` integer,
	`end_reason` text
);
--> statement-breakpoint
CREATE INDEX `dashboard_sessions_identity_idx` ON `dashboard_sessions` (`identity`);