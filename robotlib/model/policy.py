"""The decision policy: which decision each reason code forces (configurable in veribot.toml)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import cached_property

from pydantic import BaseModel, ConfigDict, Field, field_validator

from robotlib.errors import PluginError
from robotlib.model.reasons import Decision, ReasonCode

R = ReasonCode
DEFAULT_LEVELS: dict[str, Decision] = {
    R.DOC_MISSING: Decision.REVIEW,
    R.DOC_INVALID: Decision.REVIEW,
    R.OCR_UNREADABLE: Decision.REVIEW,
    R.ID_NUMBER_INVALID: Decision.REJECT,
    R.ID_EXPIRED: Decision.REJECT,
    R.ID_INCONSISTENT: Decision.REVIEW,
    R.FORM_MISMATCH: Decision.REVIEW,
    R.GOV_NOT_FOUND: Decision.REJECT,
    R.GOV_MISMATCH: Decision.REJECT,
    R.GOV_STATUS_INVALID: Decision.REJECT,
    R.SOCIAL_MISMATCH: Decision.REVIEW,
    R.BLACKLIST_HIT: Decision.REJECT,
    R.BLACKLIST_NAME_MATCH: Decision.REVIEW,
    R.GREYLIST_HIT: Decision.REVIEW,
    R.PHONE_NOT_REAL_NAME: Decision.REVIEW,
    R.RISK_HIGH: Decision.REVIEW,
    R.SOURCE_UNAVAILABLE: Decision.REVIEW,
}

#: codes whose level may never be lowered to approve, whatever the configuration says
NEVER_APPROVE = frozenset({R.SOURCE_UNAVAILABLE, R.DOC_MISSING, R.DOC_INVALID, R.OCR_UNREADABLE})


def merge_declared_levels(
    declarations: Iterable[tuple[str, Mapping[str, Decision]]],
) -> dict[str, Decision]:
    """The default decision of each plugin reason code, from ``(owner, levels)`` declarations
    (``veribot.toml`` ``[policy]`` still overrides them). The plugin host passes the
    ``Bot.reason_levels`` of the registered bots, each owner naming its plugin and bot.

    :raises PluginError: a code is built in, is set to approve (a finding that changes nothing
        is not a reason), or another owner declared it with another level (naming both).
    """
    merged: dict[str, tuple[Decision, str]] = {}
    for owner, levels in declarations:
        for code, declared in levels.items():
            level = Decision(declared)
            if code in DEFAULT_LEVELS:
                raise PluginError(f"{owner}: reason code {code} is built in; choose another name")
            if level is Decision.APPROVE:
                raise PluginError(f"{owner}: reason code {code} cannot default to approve")
            known = merged.get(code)
            if known is not None and known[0] is not level:
                raise PluginError(
                    f"{owner}: reason code {code} defaults to {level}, but {known[1]} "
                    f"declared it as {known[0]}"
                )
            merged.setdefault(code, (level, owner))
    return {code: level for code, (level, _) in merged.items()}


class DecisionPolicy(BaseModel):
    """Maps reason codes to decisions: reject beats review beats approve.

    A code the table does not know falls back to the default level the registered bots
    declare for it (``Bot.reason_levels``, collected by the plugin host at the policy's first
    decision, so a clash between plugins stops the first decision, whatever its codes), else
    review: an unknown fact is never silently approved.
    """

    model_config = ConfigDict(extra="forbid")

    levels: dict[str, Decision] = Field(default_factory=lambda: dict(DEFAULT_LEVELS))

    @field_validator("levels")
    @classmethod
    def _merge_with_defaults(cls, levels: dict[str, Decision]) -> dict[str, Decision]:
        for code in NEVER_APPROVE:
            if levels.get(code) is Decision.APPROVE:
                raise ValueError(f"{code} cannot be set to approve: it would pass unverified input")
        return {**DEFAULT_LEVELS, **levels}

    @cached_property
    def declared_levels(self) -> Mapping[str, Decision]:
        """The default levels the registered bots declare for their own codes.

        :raises PluginError: the declarations clash (``merge_declared_levels``).
        """
        # asked of the host on first need, not when the configuration is loaded: loading the
        # plugins takes seconds of imports that a command which never decides should not pay
        from robotlib.plugins.bot_declarations import declared_reason_levels

        return declared_reason_levels()

    def level(self, code: str) -> Decision:
        """The decision ``code`` forces: configured, else the plugin's default, else review."""
        return self._level(code, self.declared_levels)

    def decide(self, reasons: Iterable[str]) -> Decision:
        """The most severe decision the ``reasons`` force; approve when there are none.

        :raises PluginError: the registered bots' declarations clash. They are collected at
            the first decision even without reasons, so a clash shows before its code turns up.
        """
        declared = self.declared_levels
        decision = Decision.APPROVE
        for code in reasons:
            level = self._level(code, declared)
            if level.severity > decision.severity:
                decision = level
        return decision

    def _level(self, code: str, declared: Mapping[str, Decision]) -> Decision:
        configured = self.levels.get(code)
        if configured is not None:
            return configured
        return declared.get(code, Decision.REVIEW)
