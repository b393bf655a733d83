DROP INDEX `responses_round_panelist_version_uq`;--> statement-breakpoint
ALTER TABLE `responses` ADD `criterion` text DEFAULT '' NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX `responses_round_panelist_version_criterion_uq` ON `responses` (`round_id`,`panelist_id`,`item_version_id`,`criterion`);--> statement-breakpoint
ALTER TABLE `studies` ADD `criteria` text DEFAULT '[]' NOT NULL;