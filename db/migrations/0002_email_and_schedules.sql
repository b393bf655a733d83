CREATE TABLE `email_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`study_id` integer NOT NULL,
	`panelist_id` integer NOT NULL,
	`round_id` integer,
	`kind` text NOT NULL,
	`key` text NOT NULL,
	`dedupe_key` text NOT NULL,
	`status` text DEFAULT 'queued' NOT NULL,
	`error` text,
	`message_id` text,
	`created_at` text NOT NULL,
	`sent_at` text,
	FOREIGN KEY (`study_id`) REFERENCES `studies`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`panelist_id`) REFERENCES `panelists`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`round_id`) REFERENCES `rounds`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `email_log_panelist_dedupe_uq` ON `email_log` (`panelist_id`,`dedupe_key`);--> statement-breakpoint
CREATE INDEX `email_log_study_idx` ON `email_log` (`study_id`);--> statement-breakpoint
CREATE INDEX `email_log_round_idx` ON `email_log` (`round_id`);--> statement-breakpoint
CREATE TABLE `email_templates` (
	`study_id` integer NOT NULL,
	`language` text NOT NULL,
	`kind` text NOT NULL,
	`subject` text NOT NULL,
	`body` text NOT NULL,
	`updated_by` integer,
	`updated_at` text NOT NULL,
	PRIMARY KEY(`study_id`, `language`, `kind`),
	FOREIGN KEY (`study_id`) REFERENCES `studies`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`updated_by`) REFERENCES `facilitators`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE TABLE `panelist_links` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`panelist_id` integer NOT NULL,
	`token_hash` text NOT NULL,
	`purpose` text NOT NULL,
	`issued_at` text NOT NULL,
	`revoked_at` text,
	FOREIGN KEY (`panelist_id`) REFERENCES `panelists`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `panelist_links_tokenHash_unique` ON `panelist_links` (`token_hash`);--> statement-breakpoint
CREATE INDEX `panelist_links_panelist_idx` ON `panelist_links` (`panelist_id`);--> statement-breakpoint
ALTER TABLE `panelists` ADD `reminders_opt_out` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `rounds` ADD `reminders` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `studies` ADD `time_zone` text DEFAULT 'Europe/London' NOT NULL;