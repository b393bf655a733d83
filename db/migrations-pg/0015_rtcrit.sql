ALTER TABLE "feedback_views" ADD COLUMN "criterion" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "released_snapshots" ADD COLUMN "criterion" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "feedback_views" DROP CONSTRAINT "feedback_views_round_id_panelist_id_item_version_id_snapshot_pk";--> statement-breakpoint
ALTER TABLE "released_snapshots" DROP CONSTRAINT "released_snapshots_round_id_item_version_id_number_pk";--> statement-breakpoint
ALTER TABLE "feedback_views" ADD CONSTRAINT "feedback_views_round_id_panelist_id_item_version_id_criterion_snapshot_pk" PRIMARY KEY("round_id","panelist_id","item_version_id","criterion","snapshot");--> statement-breakpoint
ALTER TABLE "released_snapshots" ADD CONSTRAINT "released_snapshots_round_id_item_version_id_criterion_number_pk" PRIMARY KEY("round_id","item_version_id","criterion","number");--> statement-breakpoint
-- Hand-written: a study that names exactly one criterion could already run real-time rounds; its
-- answers carry that criterion's code, so its snapshots and views move onto it too.
UPDATE "released_snapshots" AS x SET "criterion" = s."criteria" -> 0 ->> 'code'
  FROM "rounds" r JOIN "studies" s ON s."id" = r."study_id" WHERE r."id" = x."round_id" AND json_array_length(s."criteria") = 1;--> statement-breakpoint
UPDATE "feedback_views" AS x SET "criterion" = s."criteria" -> 0 ->> 'code'
  FROM "rounds" r JOIN "studies" s ON s."id" = r."study_id" WHERE r."id" = x."round_id" AND json_array_length(s."criteria") = 1;
