-- An open-ended round's kind is now `ideas` (it read like the round's status `open`). Live events
-- already sent keep their payload for replay, so they are renamed too. delphi_save_answers only
-- asks whether a round is `rating`, so it needs no change.
UPDATE "rounds" SET "kind" = 'ideas' WHERE "kind" = 'open';--> statement-breakpoint
UPDATE "events" SET "payload" = jsonb_set("payload"::jsonb, '{kind}', '"ideas"')::json
  WHERE "type" IN ('round_opened', 'round_closed') AND "payload"->>'kind' = 'open';
