CREATE TABLE "released_snapshots" (
	"round_id" integer NOT NULL,
	"item_version_id" integer NOT NULL,
	"number" integer NOT NULL,
	"saves" integer NOT NULL,
	"answers" integer NOT NULL,
	"result" json NOT NULL,
	"released_at" text NOT NULL,
	CONSTRAINT "released_snapshots_round_id_item_version_id_number_pk" PRIMARY KEY("round_id","item_version_id","number")
);
--> statement-breakpoint
CREATE TABLE "study_keys" (
	"study_id" integer NOT NULL,
	"secret" text NOT NULL,
	CONSTRAINT "study_keys_study_id_pk" PRIMARY KEY("study_id")
);
--> statement-breakpoint
ALTER TABLE "released_snapshots" ADD CONSTRAINT "released_snapshots_round_id_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "rounds"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "released_snapshots" ADD CONSTRAINT "released_snapshots_item_version_id_item_versions_id_fk" FOREIGN KEY ("item_version_id") REFERENCES "item_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "study_keys" ADD CONSTRAINT "study_keys_study_id_studies_id_fk" FOREIGN KEY ("study_id") REFERENCES "studies"("id") ON DELETE cascade ON UPDATE no action;