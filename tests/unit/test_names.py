import pytest

from robotlib.sources.names import name_keys


@pytest.mark.parametrize(
    ("han", "written"),
    [
        ("张伟", "ZHANG Wei"),
        ("张伟", "Zhang Wei"),
        ("张伟", "zhangwei"),
        ("吕布", "LV Bu"),
        ("吕布", "Lü Bu"),
        ("单田芳", "SHAN Tianfang"),
        ("曾小贤", "Zeng Xiaoxian"),
        ("欧阳娜娜", "OUYANG Nana"),
        ("阿依古丽·买买提", "阿依古丽买买提"),
    ],
)
def test_list_spellings_share_a_key(han: str, written: str) -> None:
    assert name_keys(han) & name_keys(written), (han, written)


@pytest.mark.parametrize(
    ("a", "b"), [("张伟", "张巍巍"), ("张伟", "ZHANG Wen"), ("李娜", "Li Ning")]
)
def test_other_names_do_not(a: str, b: str) -> None:
    assert not name_keys(a) & name_keys(b), (a, b)
