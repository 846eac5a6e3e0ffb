"""An rpaframework work-item adapter backed by the veribot pool.

Run an unmodified robot that uses ``RPA.Robocorp.WorkItems`` with::

    RPA_WORKITEMS_ADAPTER=robotlib.library.workitems_adapter.VeribotAdapter \\
    VERIBOT_CONFIG=veribot.toml robot --rpa \\
        --listener robotlib.library.masking_listener.MaskingListener robot.robot

``Get Input Work Item`` claims a veribot task (a lease, renewed whenever the robot touches
the item); its payload is the application record and its files are the documents, named by
slot (``id_front.jpg``, ``id_back.jpg``, and ``licence.jpg`` for a merchant): the copies
sealed into the pool at submission, or for a document the pool holds no copy of, the file at
its path when that lies inside an ``[intake] roots`` folder (``robotlib.intake.confine``);
never any other file the process could read. The robot
reports what it found in an output work item: ``reasons`` (reason codes) and optionally
``fields``, ``risk_score``, ``recommendations``.
``Release Input Work Item`` DONE stores the result, its decision taken by the configured
policy from the reasons (a robot cannot approve on its own authority; DONE without an output
is a business error and goes to a human). FAILED with a BUSINESS exception is veribot's
business error (dead at once, decision review); APPLICATION, or no type, is an application
error, retried with back-off until the attempts run out.

Environment: ``VERIBOT_WORKITEMS_KINDS`` (kinds to take, comma separated; default every
installed bot's), ``VERIBOT_WORKITEMS_POOLS`` (default every pool),
``VERIBOT_WORKITEMS_LEASE_SECONDS`` (default 300).
"""

from __future__ import annotations

import os
import socket
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from RPA.Robocorp.WorkItems import BaseAdapter, EmptyQueue, Error, State
from typing_extensions import override

from robotlib.bot import Bot, BotContext, BotOutcome
from robotlib.config import load_config
from robotlib.errors import BusinessError, VeribotError
from robotlib.intake.confine import DocumentLimits, DocumentRefused, confine
from robotlib.library.name_guard import GUARD
from robotlib.model import Application, IdentityFields, Task
from robotlib.plugins.host import get_bots
from robotlib.validation_errors import describe
from scheduler.execution import Decided, Execution, PoolSettlement
from scheduler.outages import SourceOutages
from scheduler.pool import open_configured_pool
from scheduler.pool.vault import document_paths
from scheduler.robots import pool_permissions, seed_first_robot
from scheduler.settings import WorkerSettings
from scheduler.worker import claim_groups

BOT_NAME = "workitems"
DEFAULT_LEASE_SECONDS = 300.0


class OutputPayload(BaseModel):
    """What a robot may report in its output work item; other variables are ignored."""

    model_config = ConfigDict(extra="ignore")

    reasons: list[str] = Field(default_factory=list)
    fields: IdentityFields = Field(default_factory=IdentityFields)
    risk_score: float | None = Field(default=None, ge=0, le=1)
    recommendations: list[str] = Field(default_factory=list)


@dataclass
class _Output:
    parent: str
    payload: Any = None
    saved: bool = False
    files: dict[str, bytes] = field(default_factory=dict)


class RobotReleasedFailed(VeribotError):
    """The robot released its work item FAILED (an application error): retried later."""


class RobotReleasedBusinessFailure(BusinessError):
    """The robot released its work item FAILED with a BUSINESS exception: never retried."""


class NoOutcome(BusinessError):
    """The robot released its work item DONE without a veribot outcome: a human decides."""


class ReportingRobot(Bot):
    """The robot behind the work items, seen as a bot: its outcome is what it reported."""

    name = BOT_NAME

    def __init__(self, report: Callable[[], BotOutcome]) -> None:
        self._report = report

    @override
    def verify(self, application: Application, ctx: BotContext) -> BotOutcome:
        return self._report()


def reported_outcome(
    state: State, exception: dict[str, Any] | None, outputs: list[_Output]
) -> BotOutcome:
    """The outcome of a released input: its last saved output as a ``BotOutcome``.

    :raises RobotReleasedFailed: released FAILED, no BUSINESS exception.
    :raises RobotReleasedBusinessFailure: released FAILED with a BUSINESS exception.
    :raises NoOutcome: released DONE without an output, or with one that is no outcome.
    """
    if state is not State.DONE:
        kind = (exception or {}).get("type")
        code = (exception or {}).get("code") or ""
        message = (exception or {}).get("message") or ""
        error = GUARD.mask(f"robot released FAILED ({kind or 'no type'}) {code}: {message}")
        failure = (
            RobotReleasedBusinessFailure if kind == Error.BUSINESS.value else RobotReleasedFailed
        )
        raise failure(error.strip())
    if not outputs:
        raise NoOutcome("robot released DONE without an output work item: no decision")
    try:
        reported = OutputPayload.model_validate(outputs[-1].payload or {})
    except ValidationError as exc:
        raise NoOutcome(f"output work item is not a veribot outcome: {describe(exc)}") from None
    return BotOutcome(
        reasons=list(reported.reasons),
        fields=reported.fields,
        risk_score=reported.risk_score,
        recommendations=list(reported.recommendations),
    )


def _env_list(name: str) -> list[str] | None:
    value = os.environ.get(name, "")
    items = [item.strip() for item in value.split(",") if item.strip()]
    return items or None


class VeribotAdapter(BaseAdapter):
    """Work items are veribot tasks: inputs are claimed from the pool, outputs become results."""

    def __init__(self) -> None:
        self.config = load_config()
        self.limits = DocumentLimits.from_config(self.config)
        self.pool = open_configured_pool(self.config)
        bots = get_bots()
        self.kinds = _env_list("VERIBOT_WORKITEMS_KINDS") or sorted(bots)
        # the robot holds the grants of the bots whose tasks it takes
        self.scopes = frozenset().union(*(bots[k].scopes for k in self.kinds if k in bots))
        self.pools = _env_list("VERIBOT_WORKITEMS_POOLS")
        self.lease_seconds = float(
            os.environ.get("VERIBOT_WORKITEMS_LEASE_SECONDS", DEFAULT_LEASE_SECONDS)
        )
        self.worker_id = f"{BOT_NAME}:{socket.gethostname()}:{os.getpid()}"
        self.settings = WorkerSettings()
        # the robot identity whose grants (pools, scopes) limit what it claims
        self.robot = os.environ.get("VERIBOT_ROBOT") or self.config.security.robot
        self.permissions = pool_permissions(self.pool)
        seed_first_robot(self.pool, self.permissions, self.robot, self.scopes, "veribot")
        self.execution = Execution(self.config, self.robot)
        outages = SourceOutages(self.settings.retry_delay)
        self.settlement = PoolSettlement(self.pool, self.config, self.settings, outages)
        self._inputs: dict[str, Task] = {}
        self._outputs: dict[str, _Output] = {}

    @override
    def reserve_input(self) -> str:
        self.permissions.reload()  # grants changed since are honoured at once
        grants = self.permissions.grants(self.robot)
        tasks = []
        for held, pools in claim_groups(grants, self.pools):
            tasks = self.pool.claim(self.worker_id, self.kinds, held, 1, self.lease_seconds, pools)
            if tasks:
                break
        if not tasks:
            raise EmptyQueue("No veribot tasks waiting for this robot")
        task = tasks[0]
        self._inputs[task.ref] = task
        GUARD.remember([task.application.applicant.name])
        return task.ref

    @override
    def release_input(
        self, item_id: str, state: State, exception: dict[str, Any] | None = None
    ) -> None:
        task = self._input(item_id)
        outputs = [o for o in self._outputs.values() if o.parent == item_id and o.saved]
        # the robot has done the bot's work: what it reported goes the way of any bot's outcome
        bot = ReportingRobot(lambda: reported_outcome(state, exception, outputs))
        context = BotContext(
            bot_name=bot.name,
            scopes=frozenset(),
            sources={},
            ocr=None,
            ref=task.ref,
            actor=self.robot,
        )
        try:
            verdict = self.execution.decide(
                task, bot, context, lambda: nullcontext(task.application)
            )
            status = self.settlement.store(task, bot, verdict, context)
        finally:
            del self._inputs[item_id]
            for key in [k for k, o in self._outputs.items() if o.parent == item_id]:
                del self._outputs[key]
        if status is None and isinstance(verdict, Decided):
            raise RuntimeError(
                f"work item {task.ref}: the lease was lost before the result was stored "
                "(the robot held it longer than VERIBOT_WORKITEMS_LEASE_SECONDS)"
            )

    @override
    def create_output(self, parent_id: str, payload: Any = None) -> str:
        self._input(parent_id)
        item_id = (
            f"{parent_id}/output-{sum(o.parent == parent_id for o in self._outputs.values()) + 1}"
        )
        self._outputs[item_id] = _Output(parent_id, payload, saved=True)
        return item_id

    @override
    def load_payload(self, item_id: str) -> Any:
        if item_id in self._outputs:
            return self._outputs[item_id].payload
        return self._input(item_id).application.model_dump(mode="json")

    @override
    def save_payload(self, item_id: str, payload: Any) -> None:
        if item_id not in self._outputs:
            self._input(item_id)
            raise ValueError(
                f"work item {item_id} is a veribot application: inputs are read-only; "
                "report findings in an output work item"
            )
        self._outputs[item_id].payload = payload
        self._outputs[item_id].saved = True

    @override
    def list_files(self, item_id: str) -> list[str]:
        if item_id in self._outputs:
            return list(self._outputs[item_id].files)
        return list(self._input_files(item_id))

    @override
    def get_file(self, item_id: str, name: str) -> bytes:
        if item_id in self._outputs:
            return self._outputs[item_id].files[name]
        try:
            return self._input_files(item_id)[name]
        except KeyError:
            raise FileNotFoundError(f"work item {item_id} has no file {name!r}") from None

    def _input_files(self, item_id: str) -> dict[str, bytes]:
        """The input's documents by file name (``id_front.jpg``): the pool's sealed copies,
        else the file at the document's path if it is confined to an ``[intake] roots``
        folder."""
        task = self._input(item_id)
        sealed = self.pool.documents(task.ref)
        files = {}
        for slot, path in document_paths(task.application).items():
            data = sealed[slot] if slot in sealed else self._confined(path)
            if data is not None:
                files[f"{slot}{path.suffix.lower()}"] = data
        return files

    def _confined(self, path: Path) -> bytes | None:
        """The file at ``path`` if it lies inside an ``[intake] roots`` folder, is a regular
        file and within the size cap; else None (the robot sees no such file)."""
        try:
            found = confine(path, path.parent, self.limits.roots, self.limits.max_bytes)
            return found.read_bytes() if found.is_file() else None
        except (DocumentRefused, OSError):
            return None

    @override
    def add_file(self, item_id: str, name: str, *, original_name: str, content: bytes) -> None:
        if item_id not in self._outputs:
            raise ValueError(f"work item {item_id} is read-only: add files to an output")
        self._outputs[item_id].files[name] = content

    @override
    def remove_file(self, item_id: str, name: str) -> None:
        if item_id not in self._outputs:
            raise ValueError(f"work item {item_id} is read-only")
        self._outputs[item_id].files.pop(name, None)

    def _input(self, item_id: str) -> Task:
        """The claimed task of ``item_id``, its lease renewed: the robot is working on it."""
        try:
            task = self._inputs[item_id]
        except KeyError:
            raise ValueError(f"work item {item_id} is not held by this robot") from None
        if not self.pool.heartbeat(task, self.lease_seconds):
            raise RuntimeError(f"work item {item_id}: the lease was lost (claimed elsewhere)")
        return task
