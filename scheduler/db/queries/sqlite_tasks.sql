-- The task pool (scheduler/pool): tasks, their results and sealed documents.
-- SQLite: parameters are :name; lists arrive as JSON arrays (json_each), NULL: no filter.
-- postgres_tasks.sql defines the same names with the same parameters, but for submit_tasks
-- (here one task, run with executemany; there the whole batch, one list per column).

-- name: submit_tasks
-- one task of a submitted batch (run with executemany, once per task whose ref is new)
INSERT INTO tasks (ref, kind, pool, priority, scopes, payload, id_hash, max_attempts,
                   not_before, claim_key, deadline, created_at, updated_at)
VALUES (:ref, :kind, :pool, :priority, :scopes, :payload, :id_hash, :max_attempts,
        :not_before, :claim_key, :deadline, :now, :now)
ON CONFLICT (ref) DO NOTHING;

-- name: stored_payloads
-- the applications the given refs were submitted with (sealed): a resubmission is compared
SELECT ref, payload FROM tasks WHERE ref IN (SELECT value FROM json_each(:refs));

-- name: claim
-- Lease the best waiting tasks that are due, of a wanted kind and pool, and need no scope
-- the worker lacks. One statement in a BEGIN IMMEDIATE transaction: claims serialise.
UPDATE tasks
SET status = 'running', attempts = attempts + 1, lease_token = lower(hex(randomblob(16))),
    leased_by = :worker, lease_until = :lease_until, started_at = :now, updated_at = :now
WHERE id IN (
    SELECT id FROM tasks
    WHERE status IN ('pending', 'failed')
      AND not_before <= :now
      AND kind IN (SELECT value FROM json_each(:kinds))
      AND (:pools IS NULL OR pool IN (SELECT value FROM json_each(:pools)))
      AND NOT EXISTS (
          SELECT 1 FROM json_each(tasks.scopes) AS needed
          WHERE needed.value NOT IN (SELECT value FROM json_each(:held))
      )
    ORDER BY claim_key, id
    LIMIT :limit
)
RETURNING id, ref, kind, pool, priority, attempts, lease_token, payload, claim_key,
    -- whether the pool holds documents of the task (its worker need not ask when it holds none)
    EXISTS (SELECT 1 FROM documents WHERE documents.ref = tasks.ref);

-- name: renew_lease
UPDATE tasks SET lease_until = :lease_until, updated_at = :now
WHERE id = :id AND status = 'running' AND lease_token = :token;

-- name: select_leased
SELECT attempts, max_attempts FROM tasks
WHERE id = :id AND status = 'running' AND lease_token = :token;

-- name: finish_task
-- done or dead, under the caller's lease
UPDATE tasks
SET status = :status, lease_token = NULL, lease_until = NULL, last_error = :error,
    finished_at = :now, updated_at = :now
WHERE id = :id AND status = 'running' AND lease_token = :token;

-- name: insert_result
INSERT INTO results (ref, payload, decision, created_at)
VALUES (:ref, :payload, :decision, :now)
ON CONFLICT (ref) DO NOTHING;

-- name: release_task
-- back to waiting: failed (application error, with back-off) or pending (lease expired)
UPDATE tasks
SET status = :status, lease_token = NULL, lease_until = NULL, not_before = :not_before,
    last_error = :error, postponed_since = NULL, updated_at = :now
WHERE id = :id AND status = 'running' AND lease_token = :token;

-- name: give_back_task
-- back to waiting, never started (its worker stopped first): the claim's attempt is given back
UPDATE tasks
SET status = CASE WHEN attempts > 1 THEN 'failed' ELSE 'pending' END,
    attempts = attempts - 1, lease_token = NULL, lease_until = NULL, updated_at = :now
WHERE id = :id AND status = 'running' AND lease_token = :token;

-- name: select_outage_start
-- when the leased task's current run of postponements began (NULL: it was not postponed)
SELECT postponed_since FROM tasks
WHERE id = :id AND status = 'running' AND lease_token = :token;

-- name: postpone_task
-- back to waiting because a source is down: the claim's attempt is given back, and the
-- outage clock starts unless it runs already
UPDATE tasks
SET status = 'failed', attempts = attempts - 1, lease_token = NULL, lease_until = NULL,
    not_before = :not_before, last_error = :error,
    postponed_since = coalesce(postponed_since, :now), updated_at = :now
WHERE id = :id AND status = 'running' AND lease_token = :token;

-- name: waiting_needs
-- what the waiting tasks need, grouped: kind, pool, scopes, how many, the first refs
SELECT kind, pool, scopes, count(*), min(ref) FROM tasks
WHERE status IN ('pending', 'failed')
GROUP BY kind, pool, scopes
ORDER BY kind, pool, min(ref);

-- name: select_expired
SELECT id, ref, kind, attempts, max_attempts, lease_token FROM tasks
WHERE status = 'running' AND lease_until < :now;

-- name: cancel_tasks
UPDATE tasks
SET status = 'cancelled', finished_at = :now, updated_at = :now
WHERE ref IN (SELECT value FROM json_each(:refs)) AND status IN ('pending', 'failed')
RETURNING ref;

-- name: reschedule_failed
-- the back-off is cut short: pending, due now (attempts stay)
UPDATE tasks SET status = 'pending', not_before = :now, updated_at = :now
WHERE ref IN (SELECT value FROM json_each(:refs)) AND status = 'failed'
RETURNING ref;

-- name: revive_dead
-- dead back to pending with fresh attempts; :refs NULL revives every dead task
UPDATE tasks
SET status = 'pending', attempts = 0, not_before = :now, finished_at = NULL,
    postponed_since = NULL, updated_at = :now
WHERE status = 'dead' AND (:refs IS NULL OR ref IN (SELECT value FROM json_each(:refs)))
RETURNING ref;

-- name: delete_results
DELETE FROM results WHERE ref IN (SELECT value FROM json_each(:refs));

-- name: dead_results
SELECT results.payload FROM tasks JOIN results ON results.ref = tasks.ref
WHERE tasks.status = 'dead'
ORDER BY tasks.finished_at, tasks.id
LIMIT :limit;

-- name: purge_results
DELETE FROM results WHERE ref IN (
    SELECT ref FROM tasks
    WHERE status IN ('done', 'dead', 'cancelled') AND finished_at < :before
);

-- name: purge_tasks
DELETE FROM tasks WHERE status IN ('done', 'dead', 'cancelled') AND finished_at < :before;

-- name: count_by_status
SELECT status, count(*) FROM tasks
WHERE (:kinds IS NULL OR kind IN (SELECT value FROM json_each(:kinds)))
  AND (:pools IS NULL OR pool IN (SELECT value FROM json_each(:pools)))
GROUP BY status;

-- name: count_by_pool_status_priority
SELECT pool, status, priority, count(*) FROM tasks GROUP BY pool, status, priority;

-- name: oldest_waiting
SELECT min(created_at) FROM tasks WHERE status IN ('pending', 'failed');

-- name: at_risk
SELECT ref, pool, priority, deadline FROM tasks
WHERE status IN ('pending', 'running', 'failed') AND deadline <= :horizon
ORDER BY deadline, id
LIMIT :limit;

-- name: results_page
-- one page of tasks with their results, keyset-paginated on ref
SELECT tasks.ref, tasks.status, tasks.kind, tasks.attempts, tasks.last_error, results.payload
FROM tasks LEFT JOIN results ON results.ref = tasks.ref
WHERE tasks.ref > :after AND (:status IS NULL OR tasks.status = :status)
ORDER BY tasks.ref
LIMIT :limit;

-- name: timings
SELECT ref, created_at, started_at, finished_at FROM tasks ORDER BY id;

-- name: refs_by_id_hash
-- tasks of an applicant, found by the keyed hash of the identity number
SELECT ref FROM tasks WHERE id_hash = :id_hash ORDER BY id;

-- name: insert_document
INSERT INTO documents (ref, slot, sealed) VALUES (:ref, :slot, :sealed)
ON CONFLICT (ref, slot) DO NOTHING;

-- name: documents_of
SELECT slot, sealed FROM documents WHERE ref = :ref ORDER BY slot;

-- name: purge_documents
DELETE FROM documents WHERE ref IN (
    SELECT ref FROM tasks
    WHERE status IN ('done', 'dead', 'cancelled') AND finished_at < :before
);
