PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_feedback_views` (
	`round_id` integer NOT NULL,
	`panelist_id` integer NOT NULL,
	`item_version_id` integer NOT NULL,
	`criterion` text DEFAULT '' NOT NULL,
	`snapshot` integer NOT NULL,
	`own_value` integer,
	`seen_at` text NOT NULL,
	PRIMARY KEY(`round_id`, `panelist_id`, `item_version_id`, `criterion`, `snapshot`),
	FOREIGN KEY (`round_id`) REFERENCES `rounds`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`panelist_id`) REFERENCES `panelists`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`item_version_id`) REFERENCES `item_versions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
INSERT INTO `__new_feedback_views`("round_id", "panelist_id", "item_version_id", "criterion", "snapshot", "own_value", "seen_at") SELECT "round_id", "panelist_id", "item_version_id", '', "snapshot", "own_value", "seen_at" FROM `feedback_views`;--> statement-breakpoint
DROP TABLE `feedback_views`;--> statement-breakpoint
ALTER TABLE `__new_feedback_views` RENAME TO `feedback_views`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE TABLE `__new_released_snapshots` (
	`round_id` integer NOT NULL,
	`item_version_id` integer NOT NULL,
	`criterion` text DEFAULT '' NOT NULL,
	`number` integer NOT NULL,
	`saves` integer NOT NULL,
	`answers` integer NOT NULL,
	`result` text NOT NULL,
	`basis` text,
	`released_at` text NOT NULL,
	PRIMARY KEY(`round_id`, `item_version_id`, `criterion`, `number`),
	FOREIGN KEY (`round_id`) REFERENCES `rounds`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`item_version_id`) REFERENCES `item_versions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
INSERT INTO `__new_released_snapshots`("round_id", "item_version_id", "criterion", "number", "saves", "answers", "result", "basis", "released_at") SELECT "round_id", "item_version_id", '', "number", "saves", "answers", "result", "basis", "released_at" FROM `released_snapshots`;--> statement-breakpoint
DROP TABLE `released_snapshots`;--> statement-breakpoint
ALTER TABLE `__new_released_snapshots` RENAME TO `released_snapshots`;--> statement-breakpoint
-- Hand-written: a study that names exactly one criterion could already run real-time rounds; its
-- answers carry that criterion's code, so its snapshots and views move onto it too.
UPDATE `released_snapshots` SET `criterion` = (
  SELECT json_extract(s.`criteria`, '$[0].code') FROM `rounds` r JOIN `studies` s ON s.`id` = r.`study_id` WHERE r.`id` = `released_snapshots`.`round_id`
) WHERE `round_id` IN (SELECT r.`id` FROM `rounds` r JOIN `studies` s ON s.`id` = r.`study_id` WHERE json_array_length(s.`criteria`) = 1);--> statement-breakpoint
UPDATE `feedback_views` SET `criterion` = (
  SELECT json_extract(s.`criteria`, '$[0].code') FROM `rounds` r JOIN `studies` s ON s.`id` = r.`study_id` WHERE r.`id` = `feedback_views`.`round_id`
) WHERE `round_id` IN (SELECT r.`id` FROM `rounds` r JOIN `studies` s ON s.`id` = r.`study_id` WHERE json_array_length(s.`criteria`) = 1);
