"""Mobile numbers of synthetic residents, with prefixes the mainland operators really use."""

from __future__ import annotations

import random

#: mobile prefixes of China Mobile, China Unicom and China Telecom
MOBILE_PREFIXES = tuple(
    str(prefix)
    for prefix in (
        *range(130, 140),
        *(147, 150, 151, 152, 153, *range(155, 160), 166, 173, *range(175, 179)),
        *(*range(180, 190), 191, 198, 199),
    )
)


def random_phone(rng: random.Random) -> str:
    """An 11-digit mobile number with a real mainland prefix."""
    return rng.choice(MOBILE_PREFIXES) + f"{rng.randrange(10**8):08d}"
