CREATE TABLE `command_uses` (
	`platform` text NOT NULL,
	`user_id` text NOT NULL,
	`command` text NOT NULL,
	`uses` integer NOT NULL,
	`last_at` integer NOT NULL,
	PRIMARY KEY(`platform`, `user_id`, `command`)
);
--> statement-breakpoint
CREATE INDEX `command_uses_user_idx` ON `command_uses` (`platform`,`user_id`);