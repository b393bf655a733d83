CREATE TABLE `block_answers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`block_id` integer NOT NULL,
	`round_id` integer NOT NULL,
	`panelist_id` integer NOT NULL,
	`subject` text NOT NULL,
	`value` integer,
	`cannot_judge` integer DEFAULT false NOT NULL,
	`revision` integer DEFAULT 1 NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`block_id`) REFERENCES `round_blocks`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`panelist_id`) REFERENCES `panelists`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `block_answers_block_panelist_subject_uq` ON `block_answers` (`block_id`,`panelist_id`,`subject`);--> statement-breakpoint
CREATE INDEX `block_answers_round_idx` ON `block_answers` (`round_id`);--> statement-breakpoint
CREATE TABLE `block_results` (
	`block_id` integer PRIMARY KEY NOT NULL,
	`result` text NOT NULL,
	FOREIGN KEY (`block_id`) REFERENCES `round_blocks`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `round_blocks` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`round_id` integer NOT NULL,
	`position` integer NOT NULL,
	`kind` text NOT NULL,
	`config` text NOT NULL,
	`instructions` text DEFAULT '{}' NOT NULL,
	FOREIGN KEY (`round_id`) REFERENCES `rounds`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `round_blocks_round_position_uq` ON `round_blocks` (`round_id`,`position`);