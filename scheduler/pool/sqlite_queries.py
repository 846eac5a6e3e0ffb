"""Every SQL statement of the SQLite pool, named and kept together (the schema is in
``sqlite_schema.sql``). Lists are passed as JSON arrays and expanded with ``json_each``."""

from __future__ import annotations

INSERT_TASK = """
INSERT INTO tasks (ref, kind, pool, priority, scopes, payload, max_attempts,
                   created_at, updated_at)
VALUES (:ref, :kind, :pool, :priority, :scopes, :payload, :max_attempts, :now, :now)
ON CONFLICT (ref) DO NOTHING
"""

#: pending, due, of a wanted kind, and needing no scope the worker lacks; best first
SELECT_CLAIMABLE = """
SELECT id FROM tasks
WHERE status = 'pending'
  AND not_before <= :now
  AND kind IN (SELECT value FROM json_each(:kinds))
  AND NOT EXISTS (
      SELECT 1 FROM json_each(tasks.scopes) AS needed
      WHERE needed.value NOT IN (SELECT value FROM json_each(:held))
  )
ORDER BY priority_rank, id
LIMIT :limit
"""

LEASE_TASK = """
UPDATE tasks
SET status = 'running', attempts = attempts + 1, lease_token = :token, leased_by = :worker,
    lease_until = :lease_until, started_at = :now, updated_at = :now
WHERE id = :id AND status = 'pending'
RETURNING id, ref, kind, pool, priority, attempts, lease_token, payload
"""

RENEW_LEASE = """
UPDATE tasks SET lease_until = :lease_until, updated_at = :now
WHERE id = :id AND status = 'running' AND lease_token = :token
"""

SELECT_LEASED = """
SELECT attempts, max_attempts FROM tasks
WHERE id = :id AND status = 'running' AND lease_token = :token
"""

FINISH_TASK = """
UPDATE tasks
SET status = :status, lease_token = NULL, lease_until = NULL, last_error = :error,
    finished_at = :now, updated_at = :now
WHERE id = :id AND status = 'running' AND lease_token = :token
"""

INSERT_RESULT = """
INSERT INTO results (ref, payload, decision, created_at)
VALUES (:ref, :payload, :decision, :now)
"""

RETRY_LATER = """
UPDATE tasks
SET status = 'pending', lease_token = NULL, lease_until = NULL, not_before = :not_before,
    last_error = :error, updated_at = :now
WHERE id = :id AND status = 'running' AND lease_token = :token
"""

SELECT_EXPIRED = """
SELECT id, ref, kind, attempts, max_attempts, lease_token FROM tasks
WHERE status = 'running' AND lease_until < :now
"""

COUNT_BY_STATUS = """
SELECT status, count(*) FROM tasks
WHERE :kinds IS NULL OR kind IN (SELECT value FROM json_each(:kinds))
GROUP BY status
"""

COUNT_PENDING = """
SELECT count(*) FROM tasks
WHERE status = 'pending'
  AND (:kinds IS NULL OR kind IN (SELECT value FROM json_each(:kinds)))
"""

#: one page of tasks with their results, keyset-paginated on ref
RESULTS_PAGE = """
SELECT tasks.ref, tasks.status, tasks.kind, tasks.attempts, tasks.last_error, results.payload
FROM tasks LEFT JOIN results ON results.ref = tasks.ref
WHERE tasks.ref > :after AND (:status IS NULL OR tasks.status = :status)
ORDER BY tasks.ref
LIMIT :limit
"""

TIMINGS = "SELECT ref, created_at, started_at, finished_at FROM tasks ORDER BY id"
