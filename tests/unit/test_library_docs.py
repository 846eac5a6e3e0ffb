"""Every keyword of robotlib.VeribotLibrary is documented, with an example, and typed."""

from __future__ import annotations

from pathlib import Path

import pytest
from robot.libdoc import LibraryDocumentation

from robotlib.VeribotLibrary import VeribotLibrary

DOC = LibraryDocumentation("robotlib.VeribotLibrary")
KEYWORDS = {keyword.name: keyword for keyword in DOC.keywords}


def test_the_library_has_the_areas_of_the_issue() -> None:
    assert {
        "Submit Applications",
        "Run Verification Batch",
        "Verify Application",
        "Read ID Card",
        "Query Source",
        "Get Results",
        "Export Results To Excel",
    } <= set(KEYWORDS)
    assert "Personal data" in DOC.doc


@pytest.mark.parametrize("name", sorted(KEYWORDS))
def test_keyword_is_documented_with_an_example(name: str) -> None:
    keyword = KEYWORDS[name]
    assert len(keyword.short_doc) > 20, f"{name}: no short documentation"
    assert "Example:" in keyword.doc, f"{name}: no example"


@pytest.mark.parametrize("name", sorted(KEYWORDS))
def test_keyword_arguments_are_typed(name: str) -> None:
    untyped = [arg.name for arg in KEYWORDS[name].args if not arg.type]
    assert untyped == [], f"{name}: untyped arguments {untyped}"


def test_the_library_is_its_own_listener_and_masks() -> None:
    library = VeribotLibrary()
    library.ctx.guard.remember(["欧阳娜娜"])
    listener = library.ROBOT_LIBRARY_LISTENER[0]

    class Message:
        message = "欧阳娜娜 440305199003071236 13800138000"

    message = Message()
    listener.log_message(message)

    assert message.message == "欧*** 440305********1236 138****8000"


def test_the_committed_libdoc_html_is_current() -> None:
    html = (Path(__file__).resolve().parents[2] / "docs/VeribotLibrary.html").read_text("utf-8")
    missing = [name for name in KEYWORDS if f'"{name}"' not in html]
    assert missing == [], f"docs/VeribotLibrary.html lacks {missing}: run `make libdoc`"
