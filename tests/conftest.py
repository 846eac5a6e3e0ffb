"""Every test process and the veribot processes it starts seal personal data with one
generated key ring, so no test writes or needs a key file; and the veribot processes a test
starts import this checkout (``tests.helpers`` plugins included), as pytest itself does."""

import os
from pathlib import Path

from tests.helpers.keys import install_session_keys

REPO = Path(__file__).resolve().parents[1]

install_session_keys()
os.environ["PYTHONPATH"] = os.pathsep.join(
    [str(REPO), *filter(None, os.environ.get("PYTHONPATH", "").split(os.pathsep))]
)
