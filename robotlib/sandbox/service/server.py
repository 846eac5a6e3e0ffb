"""Running the sandbox service: in the foreground (the CLI) or in a thread (tests, benches)."""

from __future__ import annotations

import threading
import time
from types import TracebackType

import uvicorn
from fastapi import FastAPI

from robotlib.errors import VeribotError


class ServerError(VeribotError):
    """The sandbox service did not start."""


def uvicorn_config(app: FastAPI, host: str, port: int) -> uvicorn.Config:
    """The uvicorn configuration of the service on ``host``:``port``."""
    # no access log: request lines would be noise, and the service holds personal data
    return uvicorn.Config(app, host=host, port=port, access_log=False, log_level="warning")


class ServerThread:
    """The service on ``host`` and a free port (``port=0``) in a daemon thread.

    ``with ServerThread(app) as server: httpx.get(server.url + "/healthz")``
    """

    def __init__(self, app: FastAPI, host: str = "127.0.0.1", port: int = 0) -> None:
        self.app = app
        self.server = uvicorn.Server(uvicorn_config(app, host, port))
        self.thread = threading.Thread(target=self.server.run, name="sandbox-service", daemon=True)
        self.host = host
        self.port = port

    @property
    def url(self) -> str:
        """The base URL of the running service."""
        return f"http://{self.host}:{self.port}"

    def start(self, timeout: float = 10.0) -> ServerThread:
        """Start serving; wait up to ``timeout`` seconds until it listens."""
        self.thread.start()
        deadline = time.monotonic() + timeout
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise ServerError(f"the sandbox service did not start on {self.host}")
            time.sleep(0.01)
        self.port = self.server.servers[0].sockets[0].getsockname()[1]
        return self

    def stop(self) -> None:
        """Ask the server to exit and wait for its thread."""
        self.server.should_exit = True
        self.thread.join(timeout=10)

    def __enter__(self) -> ServerThread:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
