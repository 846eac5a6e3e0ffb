import json
from pathlib import Path

from loguru import logger

from robotlib.logs import setup_logging


def test_numbers_and_phones_are_masked_before_any_sink(tmp_path: Path) -> None:
    sink = tmp_path / "log.jsonl"
    setup_logging(json_path=sink)
    try:
        logger.bind(task="SZ-1", note="phone 13800138000").warning(
            "lookup of {number} failed", number="440305199003071236"
        )
        logger.complete()
    finally:
        setup_logging()
    text = sink.read_text(encoding="utf-8")
    assert "199003071236" not in text, text
    assert "00138000" not in text, text
    record = json.loads(text.splitlines()[0])["record"]
    assert record["message"] == "lookup of 440305********1236 failed"
    assert record["extra"]["note"] == "phone 138****8000"
    assert record["extra"]["task"] == "SZ-1"
