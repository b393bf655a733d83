ALTER TABLE "item_decisions" ADD COLUMN "linked_item_ids" json DEFAULT '[]'::json NOT NULL;--> statement-breakpoint
ALTER TABLE "studies" ADD COLUMN "reporting" json DEFAULT '{}'::json NOT NULL;