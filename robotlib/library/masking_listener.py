"""A Robot Framework listener that masks personal data in everything a run writes.

Attach it to any run that touches applications::

    robot --rpa --listener robotlib.library.masking_listener.MaskingListener tasks.robot

Every log message (keyword arguments and return values included, as Robot Framework logs
them) passes through ``mask_record_text`` before it reaches output.xml, log.html and the
console: identity numbers 440305********1236, phones 138****8000, names 张*, and addresses
cut after the city.
"""

from __future__ import annotations

from typing import Any

from robotlib.masking import mask_record_text


class MaskingListener:
    """Listener API 3: rewrites messages in place before they are written."""

    ROBOT_LISTENER_API_VERSION = 3

    def log_message(self, message: Any) -> None:
        """Mask a message logged by a keyword."""
        message.message = mask_record_text(str(message.message))

    def message(self, message: Any) -> None:
        """Mask a message Robot Framework itself writes."""
        message.message = mask_record_text(str(message.message))

    def start_keyword(self, data: Any, result: Any) -> None:
        """Mask the arguments of a keyword as it starts."""
        result.args = tuple(mask_record_text(str(arg)) for arg in result.args)

    def end_keyword(self, data: Any, result: Any) -> None:
        """Mask the message of a keyword as it ends."""
        result.message = mask_record_text(str(result.message))

    def end_test(self, data: Any, result: Any) -> None:
        """Mask the message of a test or task as it ends."""
        result.message = mask_record_text(str(result.message))

    def end_suite(self, data: Any, result: Any) -> None:
        """Mask the message of a suite as it ends."""
        result.message = mask_record_text(str(result.message))
