"""Reason codes and decisions (DESIGN.md, "Reason codes and the default decision policy")."""

from __future__ import annotations

from enum import StrEnum


class Decision(StrEnum):
    """The outcome of one verification, ordered from mildest to strictest."""

    #: every check passed
    APPROVE = "approve"
    #: a human reviewer must look at it
    REVIEW = "review"
    #: a rule says no
    REJECT = "reject"

    @property
    def severity(self) -> int:
        """The rank of the decision: the higher, the stricter."""
        return _SEVERITY[self]


_SEVERITY = {Decision.APPROVE: 0, Decision.REVIEW: 1, Decision.REJECT: 2}


class ReasonCode(StrEnum):
    """Built-in reason codes. Plugins may add their own codes as plain strings."""

    #: a required document is absent
    DOC_MISSING = "DOC_MISSING"
    #: not a readable image, corrupt, or over the size limits
    DOC_INVALID = "DOC_INVALID"
    #: a required field could not be read with confidence
    OCR_UNREADABLE = "OCR_UNREADABLE"
    #: checksum, birth date or region code of the number is invalid
    ID_NUMBER_INVALID = "ID_NUMBER_INVALID"
    #: validity period ended before today
    ID_EXPIRED = "ID_EXPIRED"
    #: printed birth date / sex disagree with the number, or validity span impossible for the age
    ID_INCONSISTENT = "ID_INCONSISTENT"
    #: name or number on the form differs from the document
    FORM_MISMATCH = "FORM_MISMATCH"
    #: the number is not in the government identity registry
    GOV_NOT_FOUND = "GOV_NOT_FOUND"
    #: registry name or birth date differs from the document
    GOV_MISMATCH = "GOV_MISMATCH"
    #: identity cancelled or holder deceased
    GOV_STATUS_INVALID = "GOV_STATUS_INVALID"
    #: social-security record under this number has another name
    SOCIAL_MISMATCH = "SOCIAL_MISMATCH"
    #: the number is on a black list
    BLACKLIST_HIT = "BLACKLIST_HIT"
    #: name + birth date match a black-list entry without a number
    BLACKLIST_NAME_MATCH = "BLACKLIST_NAME_MATCH"
    #: the number, or name + birth date, is on a grey list
    GREYLIST_HIT = "GREYLIST_HIT"
    #: the phone is registered to another identity
    PHONE_NOT_REAL_NAME = "PHONE_NOT_REAL_NAME"
    #: the risk model scores above the review threshold
    RISK_HIGH = "RISK_HIGH"
    #: a required source stayed unreachable after retries
    SOURCE_UNAVAILABLE = "SOURCE_UNAVAILABLE"
