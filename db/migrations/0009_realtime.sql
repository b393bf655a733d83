CREATE TABLE `feedback_views` (
	`round_id` integer NOT NULL,
	`panelist_id` integer NOT NULL,
	`item_version_id` integer NOT NULL,
	`snapshot` integer NOT NULL,
	`own_value` integer,
	`seen_at` text NOT NULL,
	PRIMARY KEY(`round_id`, `panelist_id`, `item_version_id`, `snapshot`),
	FOREIGN KEY (`round_id`) REFERENCES `rounds`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`panelist_id`) REFERENCES `panelists`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`item_version_id`) REFERENCES `item_versions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
ALTER TABLE `rounds` ADD `mode` text DEFAULT 'classic' NOT NULL;