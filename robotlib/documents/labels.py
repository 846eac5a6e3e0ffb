"""The small printed labels (姓名, 住址, 签发机关): found whole, merged, split or garbled."""

from __future__ import annotations

from robotlib.documents.layout import Row


def strip_label(row: Row, label: str) -> tuple[str, bool]:
    """A row's value without its label: a separate label box, the exact label, or a garbled one.

    Returns (value, repaired): repaired when the label was garbled and recognised by position.
    """
    lines = row.lines
    if len(lines) > 1 and is_label(lines[0].text, label):
        first, rest = lines[0], "".join(line.text for line in lines[1:])
        extra = first.text[len(label) :]
        # A label box that reaches into the value's box has read (half of) the value's first
        # character again, often garbled (帕 as 巾); apart from it, that character is the value's.
        value = rest if first.right > lines[1].left else extra + rest
        return value, first.text != label
    text = row.text
    if label in text:
        return text.split(label, 1)[1], False
    if len(text) > len(label) + 1 and _looks_like(text[: len(label)], label):
        return text[len(label) :], True
    return text, False


def is_label(text: str, label: str) -> bool:
    """``text`` is ``label`` alone, perhaps garbled."""
    return len(text) <= len(label) + 1 and _looks_like(text, label)


def _looks_like(text: str, label: str) -> bool:
    """At least half of the label's characters are where the label has them."""
    same = sum(a == b for a, b in zip(text, label, strict=False))
    return same * 2 >= len(label)
