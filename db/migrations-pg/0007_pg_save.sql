-- A panelist's save in one statement (api/repositories/responses.ts, saveAnswers): everything a
-- save checks and writes, for a JSON array of saves that arrived together, in one transaction and
-- one round trip. In READ COMMITTED each query of a plpgsql function takes a fresh snapshot, so
-- after waiting for a lock the next query sees what the lock holder committed, exactly as the
-- separate statements of a transaction did. Refusals write nothing and come back as an outcome;
-- the service turns them into errors. Names stay unqualified (search_path picks the schema).
CREATE FUNCTION delphi_save_answers(saves json) RETURNS SETOF json LANGUAGE plpgsql AS $$
DECLARE
  s record;
  v_study integer;
  v_language text;
  v_settings record;
  v_round record;
  v_seen record;
  v_row record;
  v_answer json;
  v_ok boolean;
BEGIN
  FOR s IN
    SELECT * FROM json_to_recordset(saves)
      AS x(i integer, panelist integer, key text, hash text, version integer, value numeric, cannot_judge boolean, comment text, now text)
  LOOP
    -- The value arrives as any safe integer: numeric until the scale has admitted it.
    -- One save per panelist at a time, so a retried key finds the first attempt's reply.
    SELECT study_id, language INTO v_study, v_language FROM panelists WHERE id = s.panelist FOR UPDATE;
    SELECT request_hash, status_code, response INTO v_seen FROM idempotency_keys WHERE panelist_id = s.panelist AND key = s.key;
    IF FOUND THEN
      RETURN NEXT json_build_object('i', s.i, 'outcome', 'seen', 'hash', v_seen.request_hash, 'status', v_seen.status_code, 'response', v_seen.response);
      CONTINUE;
    END IF;
    -- The open round, share-locked until the commit: a close (which updates the round row) waits
    -- for the saves in progress, and a save that waited for a close finds no open round.
    SELECT id, kind, mode, closes_at INTO v_round FROM rounds WHERE study_id = v_study AND status = 'open' FOR SHARE;
    IF NOT FOUND THEN
      RETURN NEXT json_build_object('i', s.i, 'outcome', CASE WHEN EXISTS (
        SELECT 1 FROM round_items
        WHERE item_version_id = s.version AND round_id = (SELECT id FROM rounds WHERE study_id = v_study ORDER BY number DESC LIMIT 1)
      ) THEN 'closed' ELSE 'not_open' END);
      CONTINUE;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM round_items WHERE round_id = v_round.id AND item_version_id = s.version) THEN
      RETURN NEXT json_build_object('i', s.i, 'outcome', 'no_item');
      CONTINUE;
    END IF;
    -- A scheduled close counts from its time, not from when the scheduler next runs.
    IF v_round.closes_at IS NOT NULL AND v_round.closes_at::timestamptz <= s.now::timestamptz THEN
      RETURN NEXT json_build_object('i', s.i, 'outcome', 'closed');
      CONTINUE;
    END IF;
    IF v_round.kind <> 'rating' THEN
      RETURN NEXT json_build_object('i', s.i, 'outcome', 'not_rating');
      CONTINUE;
    END IF;
    SELECT scale, anonymity INTO v_settings FROM studies WHERE id = v_study;
    IF s.cannot_judge THEN
      v_ok := s.value IS NULL AND coalesce((v_settings.scale ->> 'cannotJudge')::boolean, false);
    ELSE
      v_ok := s.value IS NOT NULL AND s.value BETWEEN (v_settings.scale ->> 'min')::integer AND (v_settings.scale ->> 'max')::integer;
    END IF;
    IF NOT v_ok THEN
      RETURN NEXT json_build_object('i', s.i, 'outcome', 'scale', 'scale', v_settings.scale);
      CONTINUE;
    END IF;
    -- The language is the panelist's at the save (the comment's language). This function runs only
    -- after every migration, so it may name the columns later ones add (rounds.mode, responses.language).
    INSERT INTO responses AS r (round_id, panelist_id, item_version_id, value, cannot_judge, comment, language, created_at, updated_at)
      VALUES (v_round.id, s.panelist, s.version, s.value::integer, s.cannot_judge, s.comment, v_language, s.now, s.now)
      ON CONFLICT (round_id, panelist_id, item_version_id) DO UPDATE
        SET value = excluded.value, cannot_judge = excluded.cannot_judge, comment = excluded.comment, language = excluded.language, revision = r.revision + 1, updated_at = excluded.updated_at
      RETURNING r.value, r.cannot_judge, r.comment, r.revision INTO v_row;
    v_answer := json_build_object(
      'itemVersionId', s.version, 'value', v_row.value, 'cannotJudge', v_row.cannot_judge, 'comment', v_row.comment, 'revision', v_row.revision
    );
    INSERT INTO idempotency_keys (panelist_id, key, request_hash, status_code, response) VALUES (s.panelist, s.key, s.hash, 200, v_answer);
    RETURN NEXT json_build_object('i', s.i, 'outcome', 'saved', 'round', v_round.id, 'strict', v_settings.anonymity = 'strict', 'realtime', v_round.mode = 'realtime', 'answer', v_answer);
  END LOOP;
END;
$$;
