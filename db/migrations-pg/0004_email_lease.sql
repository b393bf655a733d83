ALTER TABLE "email_log" ADD COLUMN "lease_until" text;--> statement-breakpoint
ALTER TABLE "email_log" ADD COLUMN "attempts" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
CREATE INDEX "email_log_lease_idx" ON "email_log" USING btree ("status","lease_until");