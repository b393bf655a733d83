ALTER TABLE "facilitators" ADD COLUMN "one_time_password_expires_at" text;--> statement-breakpoint
-- One-time passwords handed out before they could expire get a day from the upgrade.
UPDATE "facilitators" SET "one_time_password_expires_at" = to_char((now() AT TIME ZONE 'UTC') + interval '1 day', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') WHERE "must_change_password";
