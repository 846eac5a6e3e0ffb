"""The plugin contract stays honest: every hook documented with its exact signature in
docs/plugins.md, and every hook exercised by a ``test_hook_<name>`` test (datasette style)."""

from __future__ import annotations

import ast
import inspect
import re
from pathlib import Path

import pytest

from robotlib.plugins import hookspecs
from robotlib.plugins.host import hook_names

REPO = Path(__file__).resolve().parents[2]
DOCS = REPO / "docs" / "plugins.md"
#: a hook's section: its heading, then a python block with its signature
SECTION = re.compile(r"^### (\w+)\n\n```python\n(def .+)\n```", re.MULTILINE)


def spec_signature(name: str) -> str:
    """``def name(arg: Type, ...) -> Return`` as the spec declares it (annotations as written:
    the specs use ``from __future__ import annotations``)."""
    signature = inspect.signature(getattr(hookspecs, name))
    params = ", ".join(f"{p.name}: {p.annotation}" for p in signature.parameters.values())
    return f"def {name}({params}) -> {signature.return_annotation}"


def documented_signatures() -> dict[str, str]:
    return dict(SECTION.findall(DOCS.read_text(encoding="utf-8")))


def hook_test_names() -> set[str]:
    """Names of every ``test_hook_*`` function anywhere under tests/."""
    names = set()
    for path in (REPO / "tests").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef) and node.name.startswith("test_hook_"):
                names.add(node.name)
    return names


def test_the_hook_list_is_the_spec_module() -> None:
    assert {"register_bots", "register_commands", "run_task", "task_finished"} <= set(hook_names())
    assert "hookspec" not in hook_names()


@pytest.mark.parametrize("hook", hook_names())
def test_every_hook_is_documented_with_its_signature(hook: str) -> None:
    documented = documented_signatures()
    assert hook in documented, f"docs/plugins.md has no '### {hook}' section with its signature"
    assert documented[hook] == spec_signature(hook), (
        f"docs/plugins.md documents {hook} as {documented[hook]!r}, the spec is "
        f"{spec_signature(hook)!r}"
    )


def test_the_docs_document_no_hook_that_does_not_exist() -> None:
    assert set(documented_signatures()) <= set(hook_names())


@pytest.mark.parametrize("hook", hook_names())
def test_every_hook_has_a_test(hook: str) -> None:
    assert f"test_hook_{hook}" in hook_test_names(), (
        f"no test function test_hook_{hook} under tests/: add one that registers a plugin "
        "implementing the hook and checks what it does"
    )


def test_a_changed_signature_is_noticed() -> None:
    """The comparison itself can fail: a signature with another parameter differs."""
    assert spec_signature("task_started") == "def task_started(task: Task, bot: Bot) -> None"
    assert spec_signature("task_started") != "def task_started(task: Task) -> None"
