"""The domain model: the contracts of DESIGN.md as pydantic models."""

from robotlib.model.application import (
    Applicant,
    Application,
    Business,
    Channel,
    Documents,
    Priority,
)
from robotlib.model.policy import DecisionPolicy
from robotlib.model.reasons import Decision, ReasonCode
from robotlib.model.result import IdentityFields, ResultRecord
from robotlib.model.task import Task, TaskStatus

__all__ = [
    "Applicant",
    "Application",
    "Business",
    "Channel",
    "Decision",
    "DecisionPolicy",
    "Documents",
    "IdentityFields",
    "Priority",
    "ReasonCode",
    "ResultRecord",
    "Task",
    "TaskStatus",
]
