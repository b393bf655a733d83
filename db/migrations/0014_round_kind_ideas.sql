-- An open-ended round's kind is now `ideas` (it read like the round's status `open`). Live events
-- already sent keep their payload for replay, so they are renamed too.
UPDATE `rounds` SET `kind` = 'ideas' WHERE `kind` = 'open';--> statement-breakpoint
UPDATE `events` SET `payload` = json_set(`payload`, '$.kind', 'ideas')
  WHERE `type` IN ('round_opened', 'round_closed') AND json_extract(`payload`, '$.kind') = 'open';
