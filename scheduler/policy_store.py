"""pycasbin's rules kept in the pool's database, so every host enforces the same ones."""

from __future__ import annotations

from casbin import persist
from casbin.model import Model
from typing_extensions import override

from scheduler.db import Transaction
from scheduler.pool.base import TaskPool

_COLUMNS = ("v0", "v1", "v2", "v3")


class PoolPolicyAdapter(persist.Adapter):
    """A casbin adapter over the ``policy_rules`` table of ``pool``; every change is saved
    at once (casbin's auto-save), and ``load_policy`` reads what other hosts saved."""

    def __init__(self, pool: TaskPool) -> None:
        self.pool = pool

    @override
    def load_policy(self, model: Model) -> None:
        rows = self.pool.database.transaction(lambda tx: tx.rows("policy_rules"), write=False)
        for ptype, *values in rows:
            line = ", ".join([ptype, *(v for v in values if v != "")])
            persist.load_policy_line(line, model)

    @override
    def save_policy(self, model: Model) -> bool:
        raise NotImplementedError("rules are saved one by one as they change")

    @override
    def add_policy(self, sec: str, ptype: str, rule: list[str]) -> None:
        self.pool.database.transaction(lambda tx: tx.run("policy_rule_add", **_params(ptype, rule)))

    @override
    def remove_policy(self, sec: str, ptype: str, rule: list[str]) -> bool:
        removed = self.pool.database.transaction(
            lambda tx: tx.run("policy_rule_remove", **_params(ptype, rule))
        )
        return bool(removed)

    def seed(self, rules: list[tuple[str, list[str]]]) -> bool:
        """Store ``rules`` (ptype, fields) in one transaction if there are no rules yet, so
        another process sees all of them or none. :returns: whether they were stored."""

        def work(tx: Transaction) -> bool:
            if tx.row("policy_rule_any") is not None:
                return False
            for ptype, rule in rules:
                tx.run("policy_rule_add", **_params(ptype, rule))
            return True

        return self.pool.database.transaction(work)

    @override
    def remove_filtered_policy(
        self, sec: str, ptype: str, field_index: int, *field_values: str
    ) -> bool:
        raise NotImplementedError("veribot removes rules one by one")


def _params(ptype: str, rule: list[str]) -> dict[str, object]:
    if len(rule) > len(_COLUMNS):
        raise ValueError(f"a rule has at most {len(_COLUMNS)} fields, not {len(rule)}")
    padded = [*rule, *[""] * (len(_COLUMNS) - len(rule))]
    return {"ptype": ptype, **dict(zip(_COLUMNS, padded, strict=True))}
