CREATE TABLE `delivered_messages` (
	`outbox_id` integer PRIMARY KEY NOT NULL,
	`platform_message_id` text NOT NULL,
	`sent_at` integer NOT NULL
);
