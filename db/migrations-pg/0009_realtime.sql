CREATE TABLE "feedback_views" (
	"round_id" integer NOT NULL,
	"panelist_id" integer NOT NULL,
	"item_version_id" integer NOT NULL,
	"snapshot" integer NOT NULL,
	"own_value" integer,
	"seen_at" text NOT NULL,
	CONSTRAINT "feedback_views_round_id_panelist_id_item_version_id_snapshot_pk" PRIMARY KEY("round_id","panelist_id","item_version_id","snapshot")
);
--> statement-breakpoint
ALTER TABLE "rounds" ADD COLUMN "mode" text DEFAULT 'classic' NOT NULL;--> statement-breakpoint
ALTER TABLE "feedback_views" ADD CONSTRAINT "feedback_views_round_id_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "rounds"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feedback_views" ADD CONSTRAINT "feedback_views_panelist_id_panelists_id_fk" FOREIGN KEY ("panelist_id") REFERENCES "panelists"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feedback_views" ADD CONSTRAINT "feedback_views_item_version_id_item_versions_id_fk" FOREIGN KEY ("item_version_id") REFERENCES "item_versions"("id") ON DELETE no action ON UPDATE no action;