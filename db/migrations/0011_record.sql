ALTER TABLE `item_decisions` ADD `linked_item_ids` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `studies` ADD `reporting` text DEFAULT '{}' NOT NULL;