CREATE TABLE "comment_translations" (
	"response_id" integer NOT NULL,
	"language" text NOT NULL,
	"text" text NOT NULL,
	"source" text NOT NULL,
	"translated_by" integer,
	"updated_at" text NOT NULL,
	CONSTRAINT "comment_translations_response_id_language_pk" PRIMARY KEY("response_id","language")
);
--> statement-breakpoint
ALTER TABLE "ideas" ADD COLUMN "language" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "responses" ADD COLUMN "language" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "comment_translations" ADD CONSTRAINT "comment_translations_response_id_responses_id_fk" FOREIGN KEY ("response_id") REFERENCES "responses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "comment_translations" ADD CONSTRAINT "comment_translations_translated_by_facilitators_id_fk" FOREIGN KEY ("translated_by") REFERENCES "facilitators"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
-- Existing comments and ideas were written in the panelist's language, or the study's first when that is not one of the study's.
UPDATE "responses" r SET "language" = CASE WHEN s."languages"::jsonb ? p."language" THEN p."language" ELSE s."languages"::jsonb->>0 END
	FROM "panelists" p JOIN "studies" s ON s."id" = p."study_id" WHERE p."id" = r."panelist_id";--> statement-breakpoint
UPDATE "ideas" i SET "language" = CASE WHEN s."languages"::jsonb ? p."language" THEN p."language" ELSE s."languages"::jsonb->>0 END
	FROM "panelists" p JOIN "studies" s ON s."id" = p."study_id" WHERE p."id" = i."panelist_id";
