CREATE TABLE `comment_translations` (
	`response_id` integer NOT NULL,
	`language` text NOT NULL,
	`text` text NOT NULL,
	`source` text NOT NULL,
	`translated_by` integer,
	`updated_at` text NOT NULL,
	PRIMARY KEY(`response_id`, `language`),
	FOREIGN KEY (`response_id`) REFERENCES `responses`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`translated_by`) REFERENCES `facilitators`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
ALTER TABLE `ideas` ADD `language` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `responses` ADD `language` text DEFAULT '' NOT NULL;--> statement-breakpoint
-- Existing comments and ideas were written in the panelist's language, or the study's first when that is not one of the study's.
UPDATE `responses` SET `language` = (
	SELECT CASE WHEN EXISTS (SELECT 1 FROM json_each(s.`languages`) j WHERE j.value = p.`language`) THEN p.`language` ELSE json_extract(s.`languages`, '$[0]') END
	FROM `panelists` p JOIN `studies` s ON s.`id` = p.`study_id` WHERE p.`id` = `responses`.`panelist_id`
);--> statement-breakpoint
UPDATE `ideas` SET `language` = (
	SELECT CASE WHEN EXISTS (SELECT 1 FROM json_each(s.`languages`) j WHERE j.value = p.`language`) THEN p.`language` ELSE json_extract(s.`languages`, '$[0]') END
	FROM `panelists` p JOIN `studies` s ON s.`id` = p.`study_id` WHERE p.`id` = `ideas`.`panelist_id`
);
