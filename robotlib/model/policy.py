"""The decision policy: which decision each reason code forces (configurable in veribot.toml)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

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

#: default levels of the codes plugins declare (``Bot.reason_levels``): code -> (level, owner)
_PLUGIN_LEVELS: dict[str, tuple[Decision, str]] = {}


def register_default_levels(levels: Mapping[str, Decision], owner: str) -> None:
    """Give a plugin's own reason codes their default decision (``veribot.toml`` ``[policy]``
    still overrides them). A bot class does this for its ``reason_levels`` when it is defined.

    :raises PluginError: a code is built in, is set to approve (a finding that changes nothing
        is not a reason), or another owner declared it with another level.
    """
    for code, level in levels.items():
        level = Decision(level)
        if code in DEFAULT_LEVELS:
            raise PluginError(f"{owner}: reason code {code} is built in; choose another name")
        if level is Decision.APPROVE:
            raise PluginError(f"{owner}: reason code {code} cannot default to approve")
        known = _PLUGIN_LEVELS.get(code)
        if known is not None and known[0] is not level:
            raise PluginError(
                f"{owner}: reason code {code} defaults to {level}, but {known[1]} "
                f"declared it as {known[0]}"
            )
        _PLUGIN_LEVELS.setdefault(code, (level, owner))


class DecisionPolicy(BaseModel):
    """Maps reason codes to decisions: reject beats review beats approve.

    A code the table does not know falls back to the default level its plugin declared
    (``register_default_levels``), else review: an unknown fact is never silently approved.
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

    def level(self, code: str) -> Decision:
        """The decision ``code`` forces: configured, else the plugin's default, else review."""
        configured = self.levels.get(code)
        if configured is not None:
            return configured
        declared = _PLUGIN_LEVELS.get(code)
        return declared[0] if declared is not None else Decision.REVIEW

    def decide(self, reasons: Iterable[str]) -> Decision:
        """The strictest decision that ``reasons`` force; approve when there is none."""
        decision = Decision.APPROVE
        for code in reasons:
            level = self.level(code)
            if level.severity > decision.severity:
                decision = level
        return decision
