"""Who is at the keyboard, for the audit log of commands that change or reveal things."""

from __future__ import annotations

import getpass
import os

OPERATOR_ENV = "VERIBOT_OPERATOR"


def operator_name() -> str:
    """``$VERIBOT_OPERATOR``, else the login name."""
    return os.environ.get(OPERATOR_ENV) or getpass.getuser()
