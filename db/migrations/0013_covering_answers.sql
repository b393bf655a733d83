DROP INDEX `responses_round_idx`;--> statement-breakpoint
CREATE INDEX `responses_round_answers_idx` ON `responses` (`round_id`,`item_version_id`,`criterion`,`panelist_id`,`value`,`cannot_judge`);