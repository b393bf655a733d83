DROP INDEX "responses_round_panelist_version_uq";--> statement-breakpoint
ALTER TABLE "responses" ADD COLUMN "criterion" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "studies" ADD COLUMN "criteria" json DEFAULT '[]'::json NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "responses_round_panelist_version_criterion_uq" ON "responses" USING btree ("round_id","panelist_id","item_version_id","criterion");