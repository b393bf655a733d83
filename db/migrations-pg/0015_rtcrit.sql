ALTER TABLE "feedback_views" ADD COLUMN "criterion" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "released_snapshots" ADD COLUMN "criterion" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "feedback_views" DROP CONSTRAINT "feedback_views_round_id_panelist_id_item_version_id_snapshot_pk";--> statement-breakpoint
ALTER TABLE "released_snapshots" DROP CONSTRAINT "released_snapshots_round_id_item_version_id_number_pk";--> statement-breakpoint
ALTER TABLE "feedback_views" ADD CONSTRAINT "feedback_views_round_id_panelist_id_item_version_id_criterion_snapshot_pk" PRIMARY KEY("round_id","panelist_id","item_version_id","criterion","snapshot");--> statement-breakpoint
ALTER TABLE "released_snapshots" ADD CONSTRAINT "released_snapshots_round_id_item_version_id_criterion_number_pk" PRIMARY KEY("round_id","item_version_id","criterion","number");
