-- The task pool (scheduler/pool): tasks, their results and sealed documents.
-- PostgreSQL: parameters are %(name)s; lists arrive as text[], NULL: no filter.
-- sqlite_tasks.sql defines the same names with the same parameters, but for submit_tasks
-- (here the whole batch, one list per column; there one task, run with executemany).
-- notify_work is PostgreSQL's only; claim also finishes a batch.

-- name: submit_tasks
-- One statement, so one round trip and its own transaction: the tasks of a submitted batch
-- (one list per column, in submission order, so ids keep that order) whose ref is new, the
-- sealed documents of those tasks, and a wake-up for waiting workers when any was new.
-- Rows: ('new', ref, NULL) per task inserted; ('old', ref, payload) per ref of the batch that
-- was in the pool when the statement began (for the conflict check); ('woke', NULL, NULL)
-- once when it notified. A ref that a concurrent submit committed meanwhile is in neither:
-- the caller reads it with stored_payloads. The lists go in binary format, as in claim.
WITH batch AS (
    SELECT *
    FROM unnest(%(refs)b::text[], %(kinds)b::text[], %(pools)b::text[], %(priorities)b::text[],
                %(payloads)b::text[], %(id_hashes)b::text[], %(claim_keys)b::float8[],
                %(deadlines)b::float8[]) WITH ORDINALITY
         AS b(ref, kind, pool, priority, payload, id_hash, claim_key, deadline, position)
),
inserted AS (
    INSERT INTO tasks (ref, kind, pool, priority, scopes, payload, id_hash, max_attempts,
                       not_before, claim_key, deadline, created_at, updated_at)
    SELECT ref, kind, pool, priority,
           ARRAY(SELECT jsonb_array_elements_text(%(scopes)s::jsonb -> kind)),
           payload, id_hash, %(max_attempts)s, %(not_before)s, claim_key, deadline, %(now)s,
           %(now)s
    FROM batch
    ORDER BY position
    ON CONFLICT (ref) DO NOTHING
    RETURNING ref
),
stored_documents AS (
    INSERT INTO documents (ref, slot, sealed)
    SELECT d.ref, d.slot, d.sealed
    FROM unnest(%(doc_refs)b::text[], %(doc_slots)b::text[], %(doc_sealed)b::bytea[])
         AS d(ref, slot, sealed)
    JOIN inserted ON inserted.ref = d.ref
    ON CONFLICT (ref, slot) DO NOTHING
),
woken AS MATERIALIZED (
    -- the one NOTIFY of the transaction: delivered at commit, like notify_work
    SELECT pg_notify(%(channel)s, '') FROM (SELECT FROM inserted LIMIT 1) AS any_new
)
SELECT 'new', ref, NULL FROM inserted
UNION ALL
SELECT 'old', ref, payload FROM tasks WHERE ref = ANY(%(refs)b::text[])
UNION ALL
SELECT 'woke', NULL, NULL FROM woken;

-- name: stored_payloads
-- the applications the given refs were submitted with (sealed): a resubmission is compared
SELECT ref, payload FROM tasks WHERE ref = ANY(%(refs)b::text[]);

-- name: renew_lease
UPDATE tasks SET lease_until = %(lease_until)s, updated_at = %(now)s
WHERE id = %(id)s AND status = 'running' AND lease_token = %(token)s;

-- name: select_leased
SELECT attempts, max_attempts FROM tasks
WHERE id = %(id)s AND status = 'running' AND lease_token = %(token)s
FOR UPDATE;

-- name: finish_task
-- done or dead, under the caller's lease
UPDATE tasks
SET status = %(status)s, lease_token = NULL, lease_until = NULL, last_error = %(error)s,
    finished_at = %(now)s, updated_at = %(now)s
WHERE id = %(id)s AND status = 'running' AND lease_token = %(token)s;

-- name: claim
-- One statement, one commit: finish a batch of leased tasks (possibly none), then lease the
-- best waiting tasks (possibly none: LIMIT 0 stops before reading any). claim,
-- complete_many_with and complete_and_claim all run it (PostgresTransaction).
--
-- Finishing: the tasks still leased by the given tokens become done or dead and their results
-- are stored. A ref that has a result already breaks results' primary key, and the whole
-- statement writes nothing. The lists go in binary format: psycopg escapes text arrays
-- character by character, which costs more than the query.
--
-- Claiming: waiting tasks that are due, of a wanted kind and pool, needing no scope the worker
-- lacks. The picked CTE walks tasks_claim_order and skips rows other claimers hold, so
-- concurrent claims neither wait nor share a task. The rows finished here are running, so the
-- claim cannot pick them.
--
-- Result rows come first, with a NULL id and only the ref set; then the claimed tasks, each
-- saying whether the pool holds documents of it (its worker need not ask when it holds none).
WITH batch AS (
    SELECT *
    FROM unnest(%(ids)b::bigint[], %(tokens)b::text[], %(statuses)b::text[],
                %(errors)b::text[], %(refs)b::text[], %(payloads)b::text[],
                %(decisions)b::text[])
         AS b(id, token, status, error, ref, payload, decision)
), finished AS (
    UPDATE tasks
    SET status = batch.status, lease_token = NULL, lease_until = NULL,
        last_error = batch.error, finished_at = %(now)s, updated_at = %(now)s
    FROM batch
    WHERE tasks.id = batch.id AND tasks.status = 'running' AND tasks.lease_token = batch.token
    RETURNING tasks.id
), stored AS (
    INSERT INTO results (ref, payload, decision, created_at)
    SELECT batch.ref, batch.payload, batch.decision, %(now)s
    FROM batch JOIN finished ON finished.id = batch.id
    RETURNING ref
), picked AS (
    SELECT id FROM tasks
    WHERE status IN ('pending', 'failed')
      AND not_before <= %(now)s
      AND kind = ANY(%(kinds)s::text[])
      AND (%(pools)s::text[] IS NULL OR pool = ANY(%(pools)s::text[]))
      AND scopes <@ %(held)s::text[]
    ORDER BY claim_key, id
    LIMIT %(limit)s
    FOR UPDATE SKIP LOCKED
), claimed AS (
    UPDATE tasks
    SET status = 'running', attempts = tasks.attempts + 1,
        lease_token = gen_random_uuid()::text, leased_by = %(worker)s,
        lease_until = %(lease_until)s, started_at = %(now)s, updated_at = %(now)s
    FROM picked
    WHERE tasks.id = picked.id
    RETURNING tasks.id, tasks.ref, tasks.kind, tasks.pool, tasks.priority, tasks.attempts,
              tasks.lease_token, tasks.payload, tasks.claim_key,
              EXISTS (SELECT 1 FROM documents WHERE documents.ref = tasks.ref)
)
SELECT NULL::bigint, ref, NULL, NULL, NULL, NULL::integer, NULL, NULL, NULL::double precision,
       NULL::boolean
FROM stored
UNION ALL
SELECT * FROM claimed;

-- name: insert_result
INSERT INTO results (ref, payload, decision, created_at)
VALUES (%(ref)s, %(payload)s, %(decision)s, %(now)s)
ON CONFLICT (ref) DO NOTHING;

-- name: release_task
-- back to waiting: failed (application error, with back-off) or pending (lease expired)
UPDATE tasks
SET status = %(status)s, lease_token = NULL, lease_until = NULL,
    not_before = %(not_before)s, last_error = %(error)s, postponed_since = NULL,
    updated_at = %(now)s
WHERE id = %(id)s AND status = 'running' AND lease_token = %(token)s;

-- name: give_back_task
-- back to waiting, never started (its worker stopped first): the claim's attempt is given back
UPDATE tasks
SET status = CASE WHEN attempts > 1 THEN 'failed' ELSE 'pending' END,
    attempts = attempts - 1, lease_token = NULL, lease_until = NULL, updated_at = %(now)s
WHERE id = %(id)s AND status = 'running' AND lease_token = %(token)s;

-- name: select_outage_start
-- when the leased task's current run of postponements began (NULL: it was not postponed)
SELECT postponed_since FROM tasks
WHERE id = %(id)s AND status = 'running' AND lease_token = %(token)s;

-- name: postpone_task
-- back to waiting because a source is down: the claim's attempt is given back, and the
-- outage clock starts unless it runs already
UPDATE tasks
SET status = 'failed', attempts = attempts - 1, lease_token = NULL, lease_until = NULL,
    not_before = %(not_before)s, last_error = %(error)s,
    postponed_since = coalesce(postponed_since, %(now)s), updated_at = %(now)s
WHERE id = %(id)s AND status = 'running' AND lease_token = %(token)s;

-- name: waiting_needs
-- what the waiting tasks need, grouped: kind, pool, scopes, how many, the first refs
SELECT kind, pool, scopes, count(*), min(ref) FROM tasks
WHERE status IN ('pending', 'failed')
GROUP BY kind, pool, scopes
ORDER BY kind, pool, min(ref);

-- name: select_expired
-- rows a worker is finishing right now are skipped: they are not lost
SELECT id, ref, kind, attempts, max_attempts, lease_token FROM tasks
WHERE status = 'running' AND lease_until < %(now)s
FOR UPDATE SKIP LOCKED;

-- name: cancel_tasks
UPDATE tasks
SET status = 'cancelled', finished_at = %(now)s, updated_at = %(now)s
WHERE ref = ANY(%(refs)s::text[]) AND status IN ('pending', 'failed')
RETURNING ref;

-- name: reschedule_failed
-- the back-off is cut short: pending, due now (attempts stay)
UPDATE tasks SET status = 'pending', not_before = %(now)s, updated_at = %(now)s
WHERE ref = ANY(%(refs)s::text[]) AND status = 'failed'
RETURNING ref;

-- name: revive_dead
-- dead back to pending with fresh attempts; refs NULL revives every dead task
UPDATE tasks
SET status = 'pending', attempts = 0, not_before = %(now)s, finished_at = NULL,
    postponed_since = NULL, updated_at = %(now)s
WHERE status = 'dead' AND (%(refs)s::text[] IS NULL OR ref = ANY(%(refs)s::text[]))
RETURNING ref;

-- name: delete_results
DELETE FROM results WHERE ref = ANY(%(refs)s::text[]);

-- name: dead_results
SELECT results.payload FROM tasks JOIN results ON results.ref = tasks.ref
WHERE tasks.status = 'dead'
ORDER BY tasks.finished_at, tasks.id
LIMIT %(limit)s;

-- name: purge_results
DELETE FROM results WHERE ref IN (
    SELECT ref FROM tasks
    WHERE status IN ('done', 'dead', 'cancelled') AND finished_at < %(before)s
);

-- name: purge_tasks
DELETE FROM tasks WHERE status IN ('done', 'dead', 'cancelled') AND finished_at < %(before)s;

-- name: count_by_status
SELECT status, count(*) FROM tasks
WHERE (%(kinds)s::text[] IS NULL OR kind = ANY(%(kinds)s::text[]))
  AND (%(pools)s::text[] IS NULL OR pool = ANY(%(pools)s::text[]))
GROUP BY status;

-- name: count_by_pool_status_priority
SELECT pool, status, priority, count(*) FROM tasks GROUP BY pool, status, priority;

-- name: oldest_waiting
SELECT min(created_at) FROM tasks WHERE status IN ('pending', 'failed');

-- name: at_risk
SELECT ref, pool, priority, deadline FROM tasks
WHERE status IN ('pending', 'running', 'failed') AND deadline <= %(horizon)s
ORDER BY deadline, id
LIMIT %(limit)s;

-- name: results_page
-- one page of tasks with their results, keyset-paginated on ref
SELECT tasks.ref, tasks.status, tasks.kind, tasks.attempts, tasks.last_error, results.payload
FROM tasks LEFT JOIN results ON results.ref = tasks.ref
WHERE tasks.ref > %(after)s AND (%(status)s::text IS NULL OR tasks.status = %(status)s::text)
ORDER BY tasks.ref
LIMIT %(limit)s;

-- name: timings
SELECT ref, created_at, started_at, finished_at FROM tasks ORDER BY id;

-- name: notify_work
-- a signal only: the payload is empty, waiters claim to find out what is there
SELECT pg_notify(%(channel)s, '');

-- name: refs_by_id_hash
-- tasks of an applicant, found by the keyed hash of the identity number
SELECT ref FROM tasks WHERE id_hash = %(id_hash)s ORDER BY id;

-- name: insert_document
INSERT INTO documents (ref, slot, sealed) VALUES (%(ref)s, %(slot)s, %(sealed)s)
ON CONFLICT (ref, slot) DO NOTHING;

-- name: documents_of
SELECT slot, sealed FROM documents WHERE ref = %(ref)s ORDER BY slot;

-- name: purge_documents
DELETE FROM documents WHERE ref IN (
    SELECT ref FROM tasks
    WHERE status IN ('done', 'dead', 'cancelled') AND finished_at < %(before)s
);
