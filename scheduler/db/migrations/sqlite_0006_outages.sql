-- Version 6: source outages. A task postponed because a source it needs is down keeps its
-- attempts; postponed_since starts its outage clock (cleared by an ordinary release), so it
-- is dead only after [sources] outage_budget of postponements in a row.

ALTER TABLE tasks ADD COLUMN postponed_since REAL;  -- Unix seconds; NULL: not postponed
