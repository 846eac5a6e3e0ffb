"""Reading the 2nd-generation resident identity card: OCR lines -> fields.

OCR garbles the small blue labels first, and RapidOCR sometimes merges a label with its value
("姓名张伟") and sometimes splits them. So fields are found by layout (rows of the card, top to
bottom) and by the shape of the values (the number's checksum, date patterns, the 56 ethnic
group names, province names that start an address); labels only help when they are there.

A field that cannot be found is left out, never guessed. Each field's confidence is the OCR
score of the lines it came from, lowered when a heuristic repaired it.
"""

from __future__ import annotations

import math
import re
import statistics
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date

import numpy as np
from stdnum.cn import ric

from robotlib.documents.reading import CardReading, Side
from robotlib.ocr.engine import OcrEngine, OcrLine

#: confidence multiplier for a value that needed a heuristic repair or guessing a label's extent
REPAIRED = 0.85

ETHNIC_GROUPS: tuple[str, ...] = (
    "汉", "蒙古", "回", "藏", "维吾尔", "苗", "彝", "壮", "布依", "朝鲜", "满", "侗", "瑶", "白",
    "土家", "哈尼", "哈萨克", "傣", "黎", "傈僳", "佤", "畲", "高山", "拉祜", "水", "东乡", "纳西",
    "景颇", "柯尔克孜", "土", "达斡尔", "仫佬", "羌", "布朗", "撒拉", "毛南", "仡佬", "锡伯",
    "阿昌", "普米", "塔吉克", "怒", "乌孜别克", "俄罗斯", "鄂温克", "德昂", "保安", "裕固", "京",
    "塔塔尔", "独龙", "鄂伦春", "赫哲", "门巴", "珞巴", "基诺",
)  # fmt: skip

#: every address on the card starts with one of these
PROVINCES: tuple[str, ...] = (
    "北京", "天津", "上海", "重庆", "河北", "山西", "辽宁", "吉林", "黑龙江", "江苏", "浙江",
    "安徽", "福建", "江西", "山东", "河南", "湖北", "湖南", "广东", "海南", "四川", "贵州", "云南",
    "陕西", "甘肃", "青海", "台湾", "内蒙古", "广西", "西藏", "宁夏", "新疆", "香港", "澳门",
)  # fmt: skip

# Mainland cards print only simplified characters, yet under blur and glare the recogniser
# sometimes answers with a traditional form (黄 -> 黃, 汉 -> 漢, 凉 -> 涼). Pairs (traditional,
# simplified): those measured by reading every GB2312 hanzi in the card fonts and in card photos,
# close variants of common name and address characters, and the ethnic group names' forms. No
# traditional form here is a GB2312 character, so simplified text is never changed.
_SIMPLIFIED = str.maketrans(
    dict(
        re.findall(
            r"(\S)(\S)",
            """
別别 奧奥 媼媪 嬤嬷 廈厦 弒弑 戇戆 橫横 檣樯 櫥橱 瘞瘗 癩癞 盜盗 篋箧 粵粤 膩腻 謬谬 讎雠
躪躏 鱒鳟 鱔鳝 鱧鳢 黃黄 鼉鼍 丟丢 減减 湊凑 潛潜 禿秃 羨羡 茲兹 鬢鬓 廩廪 繒缯 緱缑 涼凉
況况 決决 沖冲 溫温 淨净 淒凄 戶户 呂吕 侶侣 吳吴 娛娱 爭争 靜静 崢峥 睜睁 箏筝 掙挣 猙狰
沒没 內内 冊册 刪删 姍姗 柵栅 虛虚 噓嘘 兌兑 稅税 悅悦 脫脱 蛻蜕 強强 彥彦 硏研 晉晋 兪俞
眞真 卽即 郞郎 敎教 亙亘 恆恒 姫姬 祿禄 兩两 倆俩 滿满 宮宫 產产 漢汉 壯壮 維维 爾尔 鮮鲜
達达 倫伦 納纳 頗颇 東东 鄉乡 錫锡 門门 羅罗 烏乌 獨独 龍龙 諾诺 難难
""",
        )
    )
)

# Only the confusions OCR really makes on this font; applied only if the checksum then holds.
_DIGIT_CONFUSIONS = str.maketrans({"O": "0", "o": "0", "l": "1", "I": "1", "|": "1"})
_NUMBER = re.compile(r"(?<![0-9])[0-9]{17}[0-9X](?![0-9X])")
_BIRTH = re.compile(r"((?:19|20)\d{2})\D{1,4}?(\d{1,2})\D{1,4}?(\d{1,2})(?!\d)")
_DATE = re.compile(r"((?:19|20)\d{2})(\d{2})(\d{2})")
#: characters that may precede the province on the first address line: 住址 plus a character
#: the label's box took from the value
_ADDRESS_LABEL_WIDTH = 3
_NAME_DOTS = re.compile(r"[.。•・‧∙]")
_CJK_NAME = re.compile(r"[\u3400-\u9fff\U00020000-\U0003134f·]+")


def read_card(engine: OcrEngine, image: np.ndarray, side: Side) -> CardReading:
    """OCR one side of a card and parse it."""
    lines = engine.read(image)
    return parse_front(lines) if side is Side.FRONT else parse_back(lines)


def parse_front(lines: list[OcrLine]) -> CardReading:
    """Fields of the portrait side: name, sex, ethnicity, birth date, address, number."""
    reading = CardReading(side=Side.FRONT)
    rows = _rows(_card_frame(lines, _front_is_upright))
    number_at = _put_number(reading, rows)
    if number_at is None:
        # An unreadable number still leaves its label to mark where the address ends.
        number_at = next((i for i, row in enumerate(rows) if "号码" in row.text), None)
    bottom = number_at if number_at is not None else len(rows)
    birth_at = _put_birth_date(reading, rows[:bottom])
    sex_at = _put_sex_and_ethnicity(reading, rows[: birth_at if birth_at is not None else bottom])
    top = sex_at if sex_at is not None else birth_at
    if top is not None:
        _put_name(reading, rows[:top])
    after = birth_at if birth_at is not None else sex_at
    if after is not None and number_at is not None:
        _put_address(reading, rows[after + 1 : number_at])
    return reading


def parse_back(lines: list[OcrLine]) -> CardReading:
    """Fields of the emblem side: issuing authority and validity period."""
    reading = CardReading(side=Side.BACK)
    rows = _rows(_card_frame(lines, _back_is_upright))
    validity_at = _put_validity(reading, rows)
    _put_authority(reading, rows, validity_at)
    return reading


# --- geometry: OCR boxes -> rows of the card, top to bottom ---------------------------------


@dataclass
class _Line:
    """An OCR line in card coordinates: left/right along the text, top/bottom down the card."""

    text: str
    score: float
    left: float
    right: float
    top: float
    bottom: float

    @property
    def v(self) -> float:
        return (self.top + self.bottom) / 2

    @property
    def height(self) -> float:
        return self.bottom - self.top

    def flipped(self) -> _Line:
        return _Line(self.text, self.score, -self.right, -self.left, -self.bottom, -self.top)


@dataclass
class _Row:
    lines: list[_Line] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(line.text for line in self.lines)

    @property
    def spaced(self) -> str:
        """The text with a space where OCR saw separate boxes (keeps "1990" "3" "7" apart)."""
        return " ".join(line.text for line in self.lines)

    @property
    def score(self) -> float:
        return min(line.score for line in self.lines)

    @property
    def v(self) -> float:
        return statistics.fmean(line.v for line in self.lines)


def _normalise(text: str) -> str:
    """Full-width forms to ASCII (NFKC) and no whitespace: the card has none inside values."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def _card_frame(lines: list[OcrLine], is_upright: Callable[[list[_Line]], bool]) -> list[_Line]:
    """Project the boxes onto the text direction, so a tilted photo's rows become level.

    The text direction comes from the boxes' long axes (mod 180 degrees), which RapidOCR also
    reports for a card photographed sideways; whether the card is upside down in that frame is
    left to ``is_upright``, which knows the layout of the side.
    """
    kept = [line for line in lines if _normalise(line.text)]
    if not kept:
        return []
    angle = _text_angle(kept)
    cos, sin = math.cos(angle), math.sin(angle)
    projected = []
    for line in kept:
        us = [x * cos + y * sin for x, y in line.box]
        vs = [-x * sin + y * cos for x, y in line.box]
        text = _normalise(line.text)
        simplified = text.translate(_SIMPLIFIED)
        score = line.score * (REPAIRED if simplified != text else 1.0)
        projected.append(_Line(simplified, score, min(us), max(us), min(vs), max(vs)))
    return projected if is_upright(projected) else [line.flipped() for line in projected]


def _text_angle(lines: Sequence[OcrLine]) -> float:
    """Mean direction of the boxes' long axes, weighted by length (angles doubled: mod 180)."""
    sx = sy = 0.0
    for line in lines:
        (x0, y0), (x1, y1), (x2, y2) = line.box[0], line.box[1], line.box[2]
        edges = [(x1 - x0, y1 - y0), (x2 - x1, y2 - y1)]
        dx, dy = max(edges, key=lambda e: math.hypot(*e))
        length = math.hypot(dx, dy)
        theta = math.atan2(dy, dx)
        sx += length * math.cos(2 * theta)
        sy += length * math.sin(2 * theta)
    return math.atan2(sy, sx) / 2


def _rows(lines: list[_Line]) -> list[_Row]:
    """Group lines whose vertical centres are within half a text height; each row left to right."""
    if not lines:
        return []
    tolerance = 0.5 * statistics.median(line.height for line in lines)
    rows: list[_Row] = []
    for line in sorted(lines, key=lambda line: line.v):
        if rows and abs(line.v - rows[-1].v) <= tolerance:
            rows[-1].lines.append(line)
        else:
            rows.append(_Row([line]))
    for row in rows:
        row.lines.sort(key=lambda line: line.left)
        row.lines = _without_overlap(row.lines)
    return rows


def _without_overlap(lines: list[_Line]) -> list[_Line]:
    """Drop a character read twice where a box reaches into its right neighbour.

    A label's box sometimes swallows half of the value's first character ("住址西" next to
    "西藏自治区…"); a character that ends one box, starts the next and lies in both is one.
    """
    kept = lines[:1]
    for line in lines[1:]:
        before = kept[-1]
        char_width = (line.right - line.left) / max(len(line.text), 1)
        overlap = before.right - line.left
        if len(before.text) > 1 and before.text[-1] == line.text[0] and overlap > 0.4 * char_width:
            kept[-1] = replace(before, text=before.text[:-1])
        kept.append(line)
    return kept


def _lies_below(line: _Line, anchor: _Line | None, lines: list[_Line]) -> bool:
    """Whether ``line`` sits below ``anchor``, or below the middle of the card without one."""
    reference = anchor.v if anchor is not None else statistics.median(x.v for x in lines)
    return line.v >= reference


def _front_is_upright(lines: list[_Line]) -> bool:
    # The number is the bottom line of the front; the name label the top.
    number = next((line for line in lines if len(re.sub(r"\D", "", line.text)) >= 15), None)
    name = next((line for line in lines if "姓名" in line.text), None)
    if number is not None:
        return _lies_below(number, name, lines)
    if name is not None:
        return not _lies_below(name, None, lines)
    return True


def _back_is_upright(lines: list[_Line]) -> bool:
    # The validity dates are the bottom line of the back; the title the top.
    dates = next((line for line in lines if len(re.sub(r"\D", "", line.text)) >= 8), None)
    title = next((line for line in lines if "身份证" in line.text or "共和国" in line.text), None)
    if dates is not None:
        return _lies_below(dates, title, lines)
    if title is not None:
        return not _lies_below(title, None, lines)
    return True


# --- front fields ------------------------------------------------------------------------------


def _put(reading: CardReading, name: str, value: str, score: float, repaired: bool) -> None:
    reading.fields[name] = value
    reading.confidence[name] = round(score * (REPAIRED if repaired else 1.0), 4)


def _put_number(reading: CardReading, rows: list[_Row]) -> int | None:
    """The 18-character number, searched bottom-up; returns its row index."""
    for index in range(len(rows) - 1, -1, -1):
        row = rows[index]
        for text, score in [(line.text, line.score) for line in row.lines] + [
            (row.text, row.score)
        ]:
            found = _number_in(text)
            if found is not None:
                number, repaired = found
                _put(reading, "id_number", number, score, repaired)
                return index
    return None


def _number_in(text: str) -> tuple[str, bool] | None:
    """(number, repaired) from a line: as printed, else with O/0 and l/1 fixed if that validates.

    A well-formed number with a wrong checksum is returned as printed: whether it is valid is
    the validator's business, not the reader's.
    """
    upper = text.replace("x", "X")
    printed = _NUMBER.findall(upper)
    if printed:
        return next((n for n in printed if _checksum_ok(n)), printed[0]), False
    fixed = [n for n in _NUMBER.findall(upper.translate(_DIGIT_CONFUSIONS)) if _checksum_ok(n)]
    return (fixed[0], True) if fixed else None


def _checksum_ok(number: str) -> bool:
    return number[-1] == ric.calc_check_digit(number)


def _put_birth_date(reading: CardReading, rows: list[_Row]) -> int | None:
    """The birth line: the first row from the top that holds a real date.

    The address below may hold digits too, so the search stops where the address starts, and a
    row labelled 出生 whose date is unreadable still counts as the birth line (it bounds the
    address) without yielding a value.
    """
    past_sex = False
    for index, row in enumerate(rows):
        # A name may look like a province (吉林), so only rows below the sex line can start one.
        if past_sex and _starts_address(row.text):
            return None
        match = _BIRTH.search(row.spaced)
        born = _date_of(*match.groups()) if match else None
        if born is not None:
            # Without the 年/月 labels the digits alone are ambiguous; trust them less.
            repaired = not ("年" in row.text and "月" in row.text)
            _put(reading, "birth_date", born, row.score, repaired)
            return index
        if "出生" in row.text:
            return index
        past_sex = past_sex or _sex_position(row.text) is not None or "民族" in row.text
    return None


def _date_of(year: str, month: str, day: str) -> str | None:
    try:
        return date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None


def _starts_address(text: str) -> bool:
    return text.startswith("住址") or _province_at(text) is not None


def _province_at(text: str) -> int | None:
    """Where a province name starts ``text``, allowing for a (garbled) 住址 label before it."""
    starts = [at for at in (text.find(p) for p in PROVINCES) if 0 <= at <= _ADDRESS_LABEL_WIDTH]
    return min(starts) if starts else None


def _put_sex_and_ethnicity(reading: CardReading, rows: list[_Row]) -> int | None:
    """Sex and ethnicity share a row (性别 男 民族 汉); the lowest row above the birth line."""
    for index in range(len(rows) - 1, -1, -1):
        text = rows[index].text
        labelled = "性别" in text or "民族" in text
        at = _sex_position(text)
        if at is None and not labelled:
            continue
        if at is not None:
            _put(reading, "sex", text[at], _score_of(rows[index], text[at]), False)
        rest = text[at + 1 :] if at is not None else text.split("民族", 1)[-1]
        _put_ethnicity(reading, rows[index], rest)
        return index
    return None


def _sex_position(text: str) -> int | None:
    after_label = text.find("性别")
    start = after_label + 2 if after_label >= 0 else 0
    for at in range(start, len(text)):
        if text[at] in "男女":
            return at
    return None


def _put_ethnicity(reading: CardReading, row: _Row, rest: str) -> None:
    value = printed = rest.split("民族", 1)[-1]
    exact = value in ETHNIC_GROUPS
    if not exact:
        # A garbled label still leaves the value at the end of the row.
        endings = [group for group in ETHNIC_GROUPS if value.endswith(group)]
        if not endings:
            return
        value = max(endings, key=len)
    _put(reading, "ethnicity", value, _score_of(row, printed), not exact)


def _put_name(reading: CardReading, rows: list[_Row]) -> None:
    """The lowest row with CJK text above the sex row, minus its 姓名 label."""
    for row in reversed(rows):
        value, repaired = _strip_label(row, "姓名")
        # Minority names separate their parts with a middle dot, which OCR reads as any dot.
        value = _NAME_DOTS.sub("·", value.lstrip(":"))
        if value and _CJK_NAME.fullmatch(value):
            _put(reading, "name", value, _score_of(row, value), repaired)
            return


def _put_address(reading: CardReading, rows: list[_Row]) -> None:
    """The rows between the birth line and the number, joined, minus the 住址 label."""
    # The number's label sits on the number's row, unless OCR put it a little apart.
    rows = [row for row in rows if not _is_label(row.text, "公民身份号码")]
    if not rows:
        return
    if len(rows[0].lines) > 1 and _is_label(rows[0].lines[0].text, "住址"):
        first, repaired = _strip_label(rows[0], "住址")
    else:
        first, repaired = _strip_address_label(rows[0].text)
    text = first + "".join(row.text for row in rows[1:])
    if text:
        _put(reading, "address", text, min(row.score for row in rows), repaired)


def _strip_address_label(text: str) -> tuple[str, bool]:
    # The value starts with a province. Whatever precedes it is label, perhaps with a garbled
    # copy of the value's first character where the label's box overlapped the value's.
    start = _province_at(text)
    if start is not None:
        return text[start:], text[:start] not in ("", "住址")
    if text.startswith("住址"):
        return text[2:], False
    if text[:1] == "住" or text[1:2] == "址":
        return text[2:], True
    return text, False


def _strip_label(row: _Row, label: str) -> tuple[str, bool]:
    """A row's value without its label: a separate label box, the exact label, or a garbled one.

    Returns (value, repaired): repaired when the label was garbled and recognised by position.
    """
    lines = row.lines
    if len(lines) > 1 and _is_label(lines[0].text, label):
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


def _looks_like(text: str, label: str) -> bool:
    """At least half of the label's characters are where the label has them."""
    same = sum(a == b for a, b in zip(text, label, strict=False))
    return same * 2 >= len(label)


def _is_label(text: str, label: str) -> bool:
    """``text`` is ``label`` alone, perhaps garbled."""
    return len(text) <= len(label) + 1 and _looks_like(text, label)


def _score_of(row: _Row, value: str) -> float:
    """The score of the line that holds ``value`` (the row's worst if it spans lines)."""
    holders = [line.score for line in row.lines if value and value in line.text]
    return max(holders) if holders else row.score


# --- back fields -------------------------------------------------------------------------------


def _put_validity(reading: CardReading, rows: list[_Row]) -> int | None:
    """'2015.03.07-2035.03.07' or '2015.03.07-长期', searched bottom-up."""
    for index in range(len(rows) - 1, -1, -1):
        row = rows[index]
        digits = re.sub(r"\D", "", row.text)
        if len(digits) < 8:
            continue
        start = _iso(digits[:8])
        if start is None:
            return None
        if len(digits) == 16 and (end := _iso(digits[8:])) is not None:
            _put(reading, "valid_from", start, row.score, False)
            _put(reading, "valid_to", end, row.score, False)
        elif len(digits) == 8 and "长" in re.split(r"\d", row.text)[-1]:
            _put(reading, "valid_from", start, row.score, False)
            _put(reading, "valid_to", "长期", row.score, "长期" not in row.text)
        return index
    return None


def _iso(digits: str) -> str | None:
    match = _DATE.fullmatch(digits)
    return _date_of(*match.groups()) if match else None


def _put_authority(reading: CardReading, rows: list[_Row], validity_at: int | None) -> None:
    """The row labelled 签发机关, else the row right above the validity period."""
    labelled = [i for i, row in enumerate(rows) if "机关" in row.text or "签发" in row.text]
    if labelled:
        index = labelled[-1]
    elif validity_at is not None and validity_at > 0:
        index = validity_at - 1
    else:
        return
    row = rows[index]
    if "身份证" in row.text or "共和国" in row.text:
        return
    value, repaired = _strip_label(row, "签发机关")
    if "机关" in value[:6] and not value.endswith("机关"):
        value, repaired = value.split("机关", 1)[1], True
    if len(value) >= 3 and _CJK_NAME.fullmatch(value):
        # Authorities end in 局 (公安局, 分局) or 所 (派出所); anything else is suspect.
        suspect = not value.endswith(("局", "所"))
        _put(reading, "issuing_authority", value, _score_of(row, value), repaired or suspect)
