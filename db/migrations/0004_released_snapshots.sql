CREATE TABLE `released_snapshots` (
	`round_id` integer NOT NULL,
	`item_version_id` integer NOT NULL,
	`number` integer NOT NULL,
	`saves` integer NOT NULL,
	`answers` integer NOT NULL,
	`result` text NOT NULL,
	`released_at` text NOT NULL,
	PRIMARY KEY(`round_id`, `item_version_id`, `number`),
	FOREIGN KEY (`round_id`) REFERENCES `rounds`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`item_version_id`) REFERENCES `item_versions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `study_keys` (
	`study_id` integer PRIMARY KEY NOT NULL,
	`secret` text NOT NULL,
	FOREIGN KEY (`study_id`) REFERENCES `studies`(`id`) ON UPDATE no action ON DELETE cascade
);
