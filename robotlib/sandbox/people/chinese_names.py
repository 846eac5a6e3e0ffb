"""Chinese names of synthetic residents: how they are made, mistyped and spelled in pinyin."""

from __future__ import annotations

import random
from typing import TYPE_CHECKING

from pypinyin import lazy_pinyin

from robotlib.sandbox.people.person import FEMALE, HAN, MALE

if TYPE_CHECKING:
    from robotlib.sandbox.people.person import Person

_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝"
    "龚邵万钱严覃武戴莫孔向汤单解仇查"
)
_COMPOUND_SURNAMES = ("欧阳", "司马", "上官", "诸葛", "东方", "慕容")
#: (first character of a two-character given name, last or only character), by sex
_GIVEN_CHARS = {
    MALE: (
        "子浩宇俊志建国文明海嘉天晓思一家永金德振立伟",
        "伟强磊军勇杰涛明超刚平辉鹏华飞鑫波斌宇浩凯健帆帅旭宁龙林峰博阳晨轩然",
    ),
    FEMALE: (
        "晓思雨嘉梓欣诗佳婉若心子一静美丽秀春玉雅",
        "芳娜敏静丽艳娟霞燕玲丹萍红玉兰琳雪梅婷颖倩洁慧璐瑶怡琪悦晶楠雯蕾涵萱彤",
    ),
}
#: characters real names use that fonts and OCR find harder (赟 is left out: the bundled OCR
#: model reads it as 赞, which would turn a clean applicant into a false mismatch)
_RARE_CHARS = "喆堃燊犇淼昇彧珺玥琰翀旻昶焱垚骞晗祎瑾璟"
#: the reading lists use for surnames where pypinyin's default reading is another one
_SURNAME_PINYIN = {"曾": "zeng", "单": "shan", "解": "xie", "仇": "qiu", "查": "zha", "覃": "qin"}

#: given names of people who carry no Han surname, by ethnicity and sex
_OWN_NAMES: dict[str, dict[str, tuple[str, ...]]] = {
    "维吾尔": {
        MALE: ("艾力", "买买提", "阿不都", "热合曼", "吐尔逊", "艾尔肯"),
        FEMALE: ("古丽", "阿依古丽", "热依拉", "帕提古丽", "米娜瓦尔"),
    },
    "藏": {
        MALE: ("扎西", "次仁", "格桑", "多吉", "平措", "扎西多吉"),
        FEMALE: ("卓玛", "央金", "拉姆", "德吉", "次仁卓玛"),
    },
    "蒙古": {
        MALE: ("巴特尔", "苏和", "朝鲁", "额尔敦"),
        FEMALE: ("其其格", "乌兰图雅", "斯琴高娃", "萨仁"),
    },
}
_UYGHUR_FATHERS = ("艾买提", "吾斯曼", "阿布拉", "托合提", "依明", "司马义")


def random_name(rng: random.Random, sex: str, ethnicity: str = HAN) -> tuple[str, str]:
    """(surname, full name) typical for that sex and ethnicity."""
    own = _OWN_NAMES.get(ethnicity)
    if own is not None and rng.random() < 0.8:
        given = rng.choice(own[sex])
        if ethnicity == "维吾尔":
            return "", f"{given}·{rng.choice(_UYGHUR_FATHERS)}"
        return "", given
    surnames = _COMPOUND_SURNAMES if rng.random() < 0.03 else _SURNAMES
    surname = rng.choice(surnames)
    return surname, surname + given_name(rng, sex)


def given_name(rng: random.Random, sex: str) -> str:
    """One or two characters; now and then a rare one."""
    first, last = _GIVEN_CHARS[sex]
    chars = [rng.choice(last)] if rng.random() < 0.35 else [rng.choice(first), rng.choice(last)]
    if rng.random() < 0.08:
        chars[-1] = rng.choice(_RARE_CHARS)
    return "".join(chars)


def misspelling(rng: random.Random, name: str) -> str:
    """``name`` with one given-name character replaced, as a hurried customer types it."""
    pool = _GIVEN_CHARS[MALE][1] + _GIVEN_CHARS[FEMALE][1]
    position = len(name) - 1 if "·" not in name else name.index("·") - 1
    while True:
        candidate = name[:position] + rng.choice(pool) + name[position + 1 :]
        if candidate != name:
            return candidate


def pinyin_spelling(person: Person, upper_surname: bool) -> str | None:
    """The person's name as lists write it in Latin letters (see ``spell_in_pinyin``)."""
    return spell_in_pinyin(person.surname, person.name, upper_surname)


def spell_in_pinyin(surname: str, name: str, upper_surname: bool) -> str | None:
    """``name`` as lists write it in Latin letters: ``ZHANG Wei`` or ``Zhang Wei``.

    None when the name has no Han surname, or a character whose spelling lists disagree on
    (ü: Lü, Lu, Lyu, Lv), so a spelling is only given when it is unambiguous.
    """
    if not surname or "·" in name:
        return None
    surname_letters = _SURNAME_PINYIN.get(surname) or "".join(lazy_pinyin(surname))
    given = "".join(lazy_pinyin(name[len(surname) :]))
    letters = surname_letters + given
    if not letters.isascii() or not letters.isalpha() or "v" in letters:
        return None
    written = surname_letters.upper() if upper_surname else surname_letters.capitalize()
    return f"{written} {given.capitalize()}"
