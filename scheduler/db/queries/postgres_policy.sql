-- The robots' permission rules (scheduler/policy_store.py, pycasbin's rules).
-- PostgreSQL: parameters are %(name)s; lists arrive as text[], NULL: no filter.
-- sqlite_policy.sql defines the same names with the same parameters.

-- name: policy_rules
SELECT ptype, v0, v1, v2, v3 FROM policy_rules ORDER BY id;

-- name: policy_rule_any
SELECT 1 FROM policy_rules LIMIT 1;

-- name: policy_rule_add
INSERT INTO policy_rules (ptype, v0, v1, v2, v3)
VALUES (%(ptype)s, %(v0)s, %(v1)s, %(v2)s, %(v3)s)
ON CONFLICT DO NOTHING;

-- name: policy_rule_remove
DELETE FROM policy_rules
WHERE ptype = %(ptype)s AND v0 = %(v0)s AND v1 = %(v1)s AND v2 = %(v2)s AND v3 = %(v3)s;
