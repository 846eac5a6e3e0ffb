import pytest

from robotlib.checks.name_match import same_name


@pytest.mark.parametrize(
    ("a", "b"),
    [("张伟", "张伟"), ("张 伟", "张伟"), ("阿依古丽·买买提", "阿依古丽买买提"), ("ＡＢＣ", "ABC")],
)
def test_the_same_name_written_differently(a: str, b: str) -> None:
    assert same_name(a, b), (a, b)


@pytest.mark.parametrize(("a", "b"), [("张伟", "张卫"), ("张伟", "张伟伟"), ("段天", "段天凯")])
def test_different_names(a: str, b: str) -> None:
    assert not same_name(a, b), (a, b)
