"""Waking idle workers: LISTEN on a connection of its own, with polling as the fallback.

A client that waits for notifications on the connection it queries with stalls its queries
(DESIGN.md, "Measured facts"), so the listener never shares one. Notifications are signals
only: their payload is empty and a woken worker claims to find out what is there. When the
server is unreachable the listener just sleeps out the timeout; the worker polls by claiming.
"""

from __future__ import annotations

import time

import psycopg
from loguru import logger
from psycopg import sql

#: the channel every PostgreSQL pool notifies when tasks become claimable
CHANNEL = "veribot_tasks"


class Listener:
    """``LISTEN veribot_tasks`` on its own connection, opened on first use.

    Use it from one thread at a time.
    """

    def __init__(self, url: str, *, connect_timeout: int = 5) -> None:
        self._url = url
        self._connect_timeout = connect_timeout
        self._conn: psycopg.Connection | None = None

    def wait(self, timeout: float) -> bool:
        """Block until a notification arrives or ``timeout`` seconds pass.

        :returns: True on a notification, and at once when the listener has just (re)started
            (what was notified before it listened is lost); False on a timeout.
        """
        if self._conn is None:
            return self._listen(timeout)
        try:
            return any(True for _ in self._conn.notifies(timeout=timeout, stop_after=1))
        except psycopg.OperationalError as exc:
            logger.debug("listener connection lost ({error})", error=type(exc).__name__)
            self.close()
            return False

    def _listen(self, timeout: float) -> bool:
        try:
            conn = psycopg.connect(
                self._url, autocommit=True, connect_timeout=self._connect_timeout
            )
        except psycopg.OperationalError:
            time.sleep(timeout)  # the server is away: the caller falls back to polling
            return False
        conn.execute(sql.SQL("LISTEN {}").format(sql.Identifier(CHANNEL)))
        self._conn = conn
        return True

    def close(self) -> None:
        """Stop listening and close the connection."""
        if self._conn is not None:
            self._conn.close()
            self._conn = None
