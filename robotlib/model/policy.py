"""The decision policy: which decision each reason code forces (configurable in veribot.toml)."""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import BaseModel, ConfigDict, Field, field_validator

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


class DecisionPolicy(BaseModel):
    """Maps reason codes to decisions: reject beats review beats approve.

    A code the table does not know (a plugin's code without a configured level) means review:
    an unknown fact is never silently approved.
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
        return self.levels.get(code, Decision.REVIEW)

    def decide(self, reasons: Iterable[str]) -> Decision:
        decision = Decision.APPROVE
        for code in reasons:
            level = self.level(code)
            if level.severity > decision.severity:
                decision = level
        return decision
