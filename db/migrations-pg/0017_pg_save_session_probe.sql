-- The save function of 0016_pg_save_session, with one change: each save's session is found by a
-- probe of the sessions' primary key, not by a join that the planner ran as a hash of the whole
-- sessions table on every call (it reads json_to_recordset as 100 rows). With 640 sessions that
-- was 12-15 % of the PostgreSQL time of a save, and it grew with every session issued.
-- test/pg/round-trips.test.ts holds it to index scans only, with 5,000 sessions in the table.
CREATE OR REPLACE FUNCTION delphi_save_answers(saves json) RETURNS SETOF json LANGUAGE plpgsql AS $$
DECLARE
  s record;
  v_study integer;
  v_language text;
  v_status text;
  v_settings record;
  v_round record;
  v_round_study integer;
  v_seen record;
  v_answer json;
  v_criteria json;
  v_criterion json;
  v_by_code jsonb;
  v_only_code text;
  v_ok boolean;
BEGIN
  FOR s IN
    SELECT x.*, coalesce(x.panelist, ss.panelist_id) AS pid
    FROM json_to_recordset(saves)
      AS x(i integer, panelist integer, session text, key text, hash text, version integer, criterion text, value numeric, cannot_judge boolean, comment text, now text)
    -- One probe of the sessions' key per save. As a plain join the planner, which expects 100 rows of
    -- json_to_recordset, hashed every session in the database on every call; LIMIT 1 keeps the
    -- subquery a lookup (token_hash is the key, so it changes nothing else).
    LEFT JOIN LATERAL (
      SELECT ss.panelist_id FROM sessions ss
      WHERE x.session IS NOT NULL AND ss.token_hash = x.session AND ss.kind = 'panelist' AND ss.expires_at > x.now
      LIMIT 1
    ) ss ON true
    ORDER BY pid NULLS FIRST, x.i
  LOOP
    IF s.pid IS NULL THEN
      RETURN NEXT json_build_object('i', s.i, 'outcome', 'no_session');
      CONTINUE;
    END IF;
    -- The value arrives as any safe integer: numeric until the scale has admitted it.
    -- One save per panelist at a time, so a retried key finds the first attempt's reply.
    SELECT study_id, language, status INTO v_study, v_language, v_status FROM panelists WHERE id = s.pid FOR UPDATE;
    -- A withdrawn panelist's session opens nothing (as the session check of every other route).
    IF NOT FOUND OR (s.session IS NOT NULL AND v_status = 'withdrawn') THEN
      RETURN NEXT json_build_object('i', s.i, 'outcome', 'no_session');
      CONTINUE;
    END IF;
    SELECT request_hash, status_code, response INTO v_seen FROM idempotency_keys WHERE panelist_id = s.pid AND key = s.key;
    IF FOUND THEN
      RETURN NEXT json_build_object('i', s.i, 'outcome', 'seen', 'study', v_study, 'hash', v_seen.request_hash, 'status', v_seen.status_code, 'response', v_seen.response);
      CONTINUE;
    END IF;
    -- The open round, share-locked until the commit: a close (which updates the round row) waits
    -- for the saves in progress, and a save that waited for a close finds no open round.
    IF v_round_study IS DISTINCT FROM v_study THEN
      SELECT id, kind, mode, closes_at INTO v_round FROM rounds WHERE study_id = v_study AND status = 'open' FOR SHARE;
      IF FOUND THEN
        v_round_study := v_study;
        SELECT scale, anonymity, criteria INTO v_settings FROM studies WHERE id = v_study;
        -- The answer's criterion (consensus-methods.md §15.1): the one named, or the only one; a study
        -- that names none has one unnamed criterion, code '', on the study's scale.
        v_criteria := CASE WHEN json_array_length(v_settings.criteria) = 0
          THEN json_build_array(json_build_object('code', '', 'scale', v_settings.scale)) ELSE v_settings.criteria END;
        SELECT jsonb_object_agg(c ->> 'code', c) INTO v_by_code FROM json_array_elements(v_criteria) AS c;
        v_only_code := CASE WHEN json_array_length(v_criteria) = 1 THEN v_criteria -> 0 ->> 'code' END;
      ELSE
        v_round_study := NULL;
        RETURN NEXT json_build_object('i', s.i, 'outcome', CASE WHEN EXISTS (
          SELECT 1 FROM round_items
          WHERE item_version_id = s.version AND round_id = (SELECT id FROM rounds WHERE study_id = v_study ORDER BY number DESC LIMIT 1)
        ) THEN 'closed' ELSE 'not_open' END);
        CONTINUE;
      END IF;
    END IF;
    v_criterion := (v_by_code -> coalesce(s.criterion, v_only_code))::json;
    IF v_criterion IS NULL THEN
      v_ok := false;
    ELSIF s.cannot_judge THEN
      v_ok := s.value IS NULL AND coalesce((v_criterion -> 'scale' ->> 'cannotJudge')::boolean, false);
    ELSE
      v_ok := s.value IS NOT NULL AND s.value BETWEEN (v_criterion -> 'scale' ->> 'min')::integer AND (v_criterion -> 'scale' ->> 'max')::integer;
    END IF;
    -- A scheduled close counts from its time, not from when the scheduler next runs.
    IF NOT v_ok OR v_round.kind <> 'rating' OR (v_round.closes_at IS NOT NULL AND v_round.closes_at::timestamptz <= s.now::timestamptz) THEN
      RETURN NEXT json_build_object('i', s.i, 'outcome', CASE
        WHEN NOT EXISTS (SELECT 1 FROM round_items WHERE round_id = v_round.id AND item_version_id = s.version) THEN 'no_item'
        WHEN v_round.closes_at IS NOT NULL AND v_round.closes_at::timestamptz <= s.now::timestamptz THEN 'closed'
        WHEN v_round.kind <> 'rating' THEN 'not_rating'
        ELSE 'scale' END, 'criteria', v_criteria);
      CONTINUE;
    END IF;
    -- The answer, if the item is in the round, and the key with its reply, in one statement. The
    -- language is the panelist's at the save (the comment's language).
    WITH saved AS (
      INSERT INTO responses AS r (round_id, panelist_id, item_version_id, criterion, value, cannot_judge, comment, language, created_at, updated_at)
        SELECT v_round.id, s.pid, s.version, v_criterion ->> 'code', s.value::integer, s.cannot_judge, s.comment, v_language, s.now, s.now
        WHERE EXISTS (SELECT 1 FROM round_items WHERE round_id = v_round.id AND item_version_id = s.version)
        ON CONFLICT (round_id, panelist_id, item_version_id, criterion) DO UPDATE
          SET value = excluded.value, cannot_judge = excluded.cannot_judge, comment = excluded.comment, language = excluded.language, revision = r.revision + 1, updated_at = excluded.updated_at
        RETURNING json_build_object(
          'itemVersionId', r.item_version_id, 'criterion', r.criterion, 'value', r.value, 'cannotJudge', r.cannot_judge, 'comment', r.comment, 'revision', r.revision
        ) AS answer
    ), stored AS (
      INSERT INTO idempotency_keys (panelist_id, key, request_hash, status_code, response) SELECT s.pid, s.key, s.hash, 200, answer FROM saved
    )
    SELECT answer INTO v_answer FROM saved;
    IF v_answer IS NULL THEN
      RETURN NEXT json_build_object('i', s.i, 'outcome', 'no_item');
      CONTINUE;
    END IF;
    RETURN NEXT json_build_object(
      'i', s.i, 'outcome', 'saved', 'study', v_study, 'round', v_round.id, 'strict', v_settings.anonymity = 'strict', 'realtime', v_round.mode = 'realtime', 'answer', v_answer
    );
  END LOOP;
END;
$$;
