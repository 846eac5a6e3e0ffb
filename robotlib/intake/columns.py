"""Column mapping: which column of an employer's CSV or Excel file holds which field.

Headers are matched after normalising them (Unicode NFKC, case, spaces and punctuation
ignored) against the contract's dotted names and the spellings employers use, in English and
Chinese (``ALIASES``). A mapping given by the user (header -> dotted field) comes first.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from robotlib.errors import InputError

#: dotted contract field -> header spellings seen in employer files (compared normalised)
ALIASES: dict[str, tuple[str, ...]] = {
    "ref": (
        "reference",
        "application ref",
        "application no",
        "employee id",
        "employee no",
        "staff id",
        "申请编号",
        "申请号",
        "员工编号",
        "工号",
    ),
    "kind": ("application kind", "业务类型", "申请类型"),
    "branch": ("branch name", "网点", "开户网点", "开户行", "支行"),
    "channel": ("渠道",),
    "priority": ("优先级",),
    "deadline": ("due", "截止时间"),
    "segment": ("客群",),
    "products": ("product", "产品"),
    "applicant.name": (
        "name",
        "full name",
        "applicant name",
        "employee name",
        "customer name",
        "姓名",
        "员工姓名",
        "客户姓名",
    ),
    "applicant.id_number": (
        "id number",
        "id no",
        "id card",
        "id card no",
        "id card number",
        "identity number",
        "resident id",
        "身份证",
        "身份证号",
        "身份证号码",
        "证件号",
        "证件号码",
    ),
    "applicant.phone": (
        "phone",
        "mobile",
        "mobile no",
        "mobile phone",
        "phone number",
        "cell phone",
        "手机",
        "手机号",
        "手机号码",
        "联系电话",
    ),
    "documents.id_front": ("id front", "front image", "身份证正面", "人像面"),
    "documents.id_back": ("id back", "back image", "身份证反面", "国徽面"),
    "business.uscc": (
        "credit code",
        "unified social credit code",
        "统一社会信用代码",
        "信用代码",
    ),
    "business.name": ("business name", "company name", "merchant name", "企业名称", "商户名称"),
    "documents.licence": ("licence", "license", "business licence", "营业执照"),
}
FIELDS = tuple(ALIASES)
#: a table whose header lacks these cannot hold a single valid application
REQUIRED = ("applicant.name", "applicant.id_number")

_IGNORED = re.compile(r"[\W_]+")


def normalise(header: str) -> str:
    """``"ID Card No."`` and ``"id_card_no"`` -> ``"idcardno"``; ``"身份证号码"`` unchanged."""
    return _IGNORED.sub("", unicodedata.normalize("NFKC", header).casefold())


_KNOWN: dict[str, str] = {}
for _name, _spellings in ALIASES.items():
    for _spelling in (_name, _name.rpartition(".")[2], *_spellings):
        # the first field wins a short name: "name" alone is the applicant's, not the business's
        _KNOWN.setdefault(normalise(_spelling), _name)
# "name" alone is the applicant's; "id" alone is too ambiguous to guess
_KNOWN.pop(normalise("id"), None)


@dataclass(frozen=True)
class ColumnMap:
    """Which column index holds which dotted field, and what the header called it."""

    #: dotted field -> 0-based column index
    index: dict[str, int]
    #: dotted field -> the header as written in the file
    headers: dict[str, str]
    #: headers of columns no field was read from (an employer's own columns)
    ignored: list[str] = field(default_factory=list)


def parse_mapping(pairs: Sequence[str]) -> dict[str, str]:
    """``["员工姓名=applicant.name", ...]`` -> ``{"员工姓名": "applicant.name"}``.

    :raises InputError: a pair is not ``HEADER=FIELD`` or names an unknown field.
    """
    mapping: dict[str, str] = {}
    for pair in pairs:
        header, sep, name = pair.partition("=")
        if not sep or not header.strip() or not name.strip():
            raise InputError(f"column mapping {pair!r} is not HEADER=FIELD")
        mapping[header.strip()] = name.strip()
    return mapping


def map_columns(header: Sequence[str], mapping: Mapping[str, str] | None = None) -> ColumnMap:
    """Map a header row to fields: the user's ``mapping`` first, then the known spellings.

    :raises InputError: the mapping names an unknown field or a header the file lacks, two
        columns claim one field, or a required field has no column.
    """
    mapping = dict(mapping or {})
    unknown = sorted(set(mapping.values()) - set(FIELDS))
    if unknown:
        raise InputError(
            f"column mapping names unknown field(s) {', '.join(unknown)}; "
            f"fields: {', '.join(FIELDS)}"
        )
    by_header = {normalise(h): i for i, h in enumerate(header) if h.strip()}
    index: dict[str, int] = {}
    for wanted, name in mapping.items():
        if normalise(wanted) not in by_header:
            raise InputError(
                f"column mapping names column {wanted!r}, which the file does not have "
                f"(columns: {', '.join(h for h in header if h.strip())})"
            )
        index[name] = by_header[normalise(wanted)]
    taken = set(index.values())
    for i, text in enumerate(header):
        found = _KNOWN.get(normalise(text)) if i not in taken else None
        if found is None:
            continue
        name = found
        if name in index:
            raise InputError(
                f"columns {header[index[name]]!r} and {text!r} both hold {name}; "
                "map one of them explicitly (--column HEADER=FIELD)"
            )
        index[name] = i
    missing = [name for name in REQUIRED if name not in index]
    if missing:
        raise InputError(
            f"no column holds {', '.join(missing)} (columns: "
            f"{', '.join(h for h in header if h.strip()) or 'none'}); "
            "map them with --column HEADER=FIELD"
        )
    used = set(index.values())
    return ColumnMap(
        index=index,
        headers={name: header[i] for name, i in index.items()},
        ignored=[h for i, h in enumerate(header) if i not in used and h.strip()],
    )


def looks_like_header(cells: Sequence[str], mapping: Mapping[str, str] | None = None) -> bool:
    """Whether a row is the header: it holds every header of ``mapping`` (when given) or
    names at least two known fields. Title rows above it are skipped."""
    keys = {normalise(c) for c in cells}
    if mapping and all(normalise(header) in keys for header in mapping):
        return True
    return len({_KNOWN[key] for key in keys if key in _KNOWN}) >= 2
