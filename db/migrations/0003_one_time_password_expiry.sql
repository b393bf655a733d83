ALTER TABLE `facilitators` ADD `one_time_password_expires_at` text;--> statement-breakpoint
-- One-time passwords handed out before they could expire get a day from the upgrade.
UPDATE `facilitators` SET `one_time_password_expires_at` = strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '+1 day') WHERE `must_change_password` = 1;
