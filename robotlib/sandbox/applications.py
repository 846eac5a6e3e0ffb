"""The contract application record of a synthetic case: branch, channel, products, documents."""

from __future__ import annotations

import random
from typing import Any

from robotlib.sandbox.draws import weighted_choice
from robotlib.sandbox.photos.render import photo_path
from robotlib.sandbox.scenarios.cases import Case, Photo
from robotlib.sandbox.scenarios.merchant_cases import MerchantCase

#: ((branch, ref prefix), weight)
_BRANCHES = (
    (("shenzhen", "SZ"), 4),
    (("guangzhou", "GZ"), 2),
    (("shanghai", "SH"), 2),
    (("beijing", "BJ"), 1),
    (("chengdu", "CD"), 1),
)
_CHANNELS = (("miniprogram", 45), ("counter", 25), ("api", 15), ("batch", 15))
#: merchants apply at the counter or through an acquiring partner more than on the phone
_MERCHANT_CHANNELS = (("counter", 45), ("miniprogram", 30), ("api", 25))


def pick_branch(rng: random.Random) -> tuple[str, str]:
    """(branch, ref prefix) of the branch an application is made at, big cities more often."""
    return weighted_choice(rng, _BRANCHES)


def application_record(ref: str, branch: str, case: Case, rng: random.Random) -> dict[str, Any]:
    """The contract application record; priority is left to default from the channel."""
    channel = weighted_choice(rng, _CHANNELS)
    roll = rng.random()
    segment = "payroll" if channel == "batch" else "new_citizen" if roll < 0.15 else None
    wants_card = rng.random() < (0.6 if segment else 0.25)
    record: dict[str, Any] = {
        "ref": ref,
        "kind": "personal_account",
        "branch": branch,
        "channel": channel,
    }
    if segment:
        record["segment"] = segment
    record["products"] = ["debit_card", "social_security_card"] if wants_card else ["debit_card"]
    record["applicant"] = {
        "name": case.form_name,
        "id_number": case.form_number,
        "phone": case.phone,
    }
    record["documents"] = _documents(ref, case)
    return record


def merchant_application_record(
    ref: str, branch: str, case: MerchantCase, rng: random.Random
) -> dict[str, Any]:
    """The contract record of a merchant application: the business, the legal
    representative as the applicant, the licence and the representative's ID card."""
    documents = _documents(ref, case.person)
    if case.licence_photo is not Photo.ABSENT:
        documents = {"licence": photo_path(ref, "licence"), **documents}
    wants_loan = rng.random() < 0.4
    return {
        "ref": ref,
        "kind": "merchant_account",
        "branch": branch,
        "channel": weighted_choice(rng, _MERCHANT_CHANNELS),
        "products": ["merchant_account", "inclusive_loan"] if wants_loan else ["merchant_account"],
        "applicant": {
            "name": case.person.form_name,
            "id_number": case.person.form_number,
            "phone": case.person.phone,
        },
        "business": {"uscc": case.form_uscc, "name": case.form_name},
        "documents": documents,
    }


def _documents(ref: str, case: Case) -> dict[str, str]:
    return {f"id_{side}": photo_path(ref, side) for side, _ in case.submitted()}
