-- Cron schedules and the scheduler leader lease (scheduler/cron/store.py).
-- SQLite: parameters are :name.
-- postgres_cron.sql defines the same names with the same parameters.

-- name: schedule_add
-- a new schedule; nothing when the name is taken
INSERT INTO schedules (name, cron, timezone, command, workdir, next_run_at, created_at)
VALUES (:name, :cron, :timezone, :command, :workdir, :next_run_at, :now)
ON CONFLICT (name) DO NOTHING;

-- name: schedules_all
SELECT name, cron, timezone, command, workdir, next_run_at, last_run_at, last_status
FROM schedules ORDER BY name;

-- name: schedules_due
SELECT name, cron, timezone, command, workdir, next_run_at, last_run_at, last_status
FROM schedules WHERE next_run_at <= :now ORDER BY next_run_at, name;

-- name: schedule_remove
DELETE FROM schedules WHERE name = :name;

-- name: schedule_take
-- compare-and-set: of two schedulers that see one due run, only one moves it on
UPDATE schedules SET next_run_at = :next_run_at, last_run_at = :now, last_status = 'started'
WHERE name = :name AND next_run_at = :due;

-- name: schedule_finish
UPDATE schedules SET last_status = :status WHERE name = :name;

-- name: leader_lead
-- take the lease when it is free or run out, or renew it when it is ours
INSERT INTO scheduler_leader (id, holder, lease_until) VALUES (1, :holder, :until)
ON CONFLICT (id) DO UPDATE SET holder = excluded.holder, lease_until = excluded.lease_until
WHERE scheduler_leader.holder = excluded.holder OR scheduler_leader.lease_until < :now;

-- name: leader_holder
SELECT holder FROM scheduler_leader WHERE id = 1;

-- name: leader_resign
DELETE FROM scheduler_leader WHERE holder = :holder;
