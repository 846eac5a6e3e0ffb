import pytest

from robotlib.masking import mask_id_number, mask_name, mask_phone, mask_text


def test_masks_follow_the_house_format() -> None:
    assert mask_id_number("440305199003071236") == "440305********1236"
    assert mask_phone("13800138000") == "138****8000"
    assert mask_name("张伟") == "张*"
    assert mask_name("欧阳娜娜") == "欧***"


@pytest.mark.parametrize(
    ("text", "leak"),
    [
        ("number 440305199003071236 failed", "199003071236"),
        ("number 44030519900307123X failed", "19900307123X"),
        ("call 13800138000 now", "00138000"),
    ],
)
def test_free_text_is_masked(text: str, leak: str) -> None:
    masked = mask_text(text)
    assert leak not in masked, masked
    assert "****" in masked


def test_other_numbers_are_left_alone() -> None:
    assert mask_text("task 12345 took 830 ms") == "task 12345 took 830 ms"
