ALTER TABLE `email_log` ADD `lease_until` text;--> statement-breakpoint
ALTER TABLE `email_log` ADD `attempts` integer DEFAULT 1 NOT NULL;--> statement-breakpoint
CREATE INDEX `email_log_lease_idx` ON `email_log` (`status`,`lease_until`);