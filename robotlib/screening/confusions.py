"""Han characters that OCR engines read for one another: a stroke or a radical apart.

Each group folds to its first character, so a name read as 王明 and a list entry 玉明 share a
folded key. The groups are the confusions seen in name characters (given names and surnames),
not a general OCR table: folding a pair that real names rarely mix up would only add decoys.
"""

from __future__ import annotations

CONFUSION_GROUPS: tuple[str, ...] = (
    "王玉主",
    "土士",
    "己已巳",
    "未末",
    "日曰",
    "人入",
    "天夭",
    "干千",
    "大太犬",
    "宇字",
    "杨扬",
    "颖颍",
    "春舂",
    "博傅",
    "帅师",
    "洁沽",
    "琳淋",
    "明朋",
    "晓哓",
    "平乎",
    "辉晖",
    "俊浚",
    "峰锋",
    "婷停",
    "斌赋",
    "鹏鹃",
    "佳住",
)

FOLD: dict[str, str] = {ch: group[0] for group in CONFUSION_GROUPS for ch in group[1:]}


def fold_confusions(text: str) -> str:
    """``text`` with every confusable character replaced by its group's first character."""
    return "".join(FOLD.get(ch, ch) for ch in text)


def confusables(ch: str) -> str:
    """The other characters of ``ch``'s group ('' when OCR does not confuse it)."""
    for group in CONFUSION_GROUPS:
        if ch in group:
            return group.replace(ch, "")
    return ""
