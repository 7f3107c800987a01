CREATE TABLE `lark_events` (
	`event_id` text PRIMARY KEY NOT NULL,
	`received_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `lark_events_received_idx` ON `lark_events` (`received_at`);