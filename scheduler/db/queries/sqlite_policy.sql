-- The robots' permission rules (scheduler/policy_store.py, pycasbin's rules).
-- SQLite: parameters are :name; lists arrive as JSON arrays (json_each), NULL: no filter.
-- postgres_policy.sql defines the same names with the same parameters.

-- name: policy_rules
SELECT ptype, v0, v1, v2, v3 FROM policy_rules ORDER BY id;

-- name: policy_rule_any
SELECT 1 FROM policy_rules LIMIT 1;

-- name: policy_rule_add
INSERT INTO policy_rules (ptype, v0, v1, v2, v3)
VALUES (:ptype, :v0, :v1, :v2, :v3)
ON CONFLICT DO NOTHING;

-- name: policy_rule_remove
DELETE FROM policy_rules
WHERE ptype = :ptype AND v0 = :v0 AND v1 = :v1 AND v2 = :v2 AND v3 = :v3;
