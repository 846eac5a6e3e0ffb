"""Character repairs for OCR text: full-width forms, traditional variants, digit confusions."""

from __future__ import annotations

import re
import unicodedata

from robotlib.documents.confidence import REPAIRED

# Mainland cards print only simplified characters, yet under blur and glare the recogniser
# sometimes answers with a traditional form (黄 -> 黃, 汉 -> 漢, 凉 -> 涼). Pairs (traditional,
# simplified): those measured by reading every GB2312 hanzi in the card fonts and in card photos,
# close variants of common name and address characters, and the ethnic group names' forms. No
# traditional form here is a GB2312 character, so simplified text is never changed.
SIMPLIFIED = str.maketrans(
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

#: only the confusions OCR really makes on this font; apply them only if the checksum then holds
DIGIT_CONFUSIONS = str.maketrans({"O": "0", "o": "0", "l": "1", "I": "1", "|": "1"})


def normalise(text: str) -> str:
    """Full-width forms to ASCII (NFKC) and no whitespace: the card has none inside values."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def repaired_text(text: str, score: float) -> tuple[str, float]:
    """OCR text normalised and simplified, with its score lowered if simplifying changed it."""
    normal = normalise(text)
    simplified = normal.translate(SIMPLIFIED)
    return simplified, score * (REPAIRED if simplified != normal else 1.0)


def repaired_scores(text: str, scores: tuple[float, ...]) -> tuple[float, ...]:
    """Per-character ``scores`` of OCR ``text``, lowered where a character was simplified.

    Only the repaired character is less sure, not its neighbours (镶黃旗: the 黃). Empty when
    the scores do not pair with the normalised text one for one (none were given, or NFKC
    expanded a compatibility form).
    """
    normal = normalise(text)
    if len(normal) != len(scores):
        return ()
    return tuple(
        score * (REPAIRED if char.translate(SIMPLIFIED) != char else 1.0)
        for char, score in zip(normal, scores, strict=True)
    )
