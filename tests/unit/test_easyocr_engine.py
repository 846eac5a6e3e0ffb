"""The EasyOCR adapter where EasyOCR cannot run (no weights, no torch): it fails at start-up,
clearly. (EasyOCR with weights is not installed on CI: its weights cannot be downloaded.)"""

from __future__ import annotations

import importlib.util

import pytest

from robotlib.config import CONFIG_ENV, load_config
from robotlib.ocr.easy import MODELS_ENV, WEIGHTS, EasyOcrEngine, models_folder
from robotlib.ocr.rapid import OcrUnavailable
from robotlib.plugins.host import get_ocr_engine_factories


def test_missing_weights_name_every_file_and_the_folder(tmp_path, monkeypatch):
    monkeypatch.setenv(MODELS_ENV, str(tmp_path))
    (tmp_path / WEIGHTS[0]).write_bytes(b"\0")
    with pytest.raises(OcrUnavailable) as caught:
        EasyOcrEngine(1)
    message = str(caught.value)
    assert str(tmp_path) in message
    assert WEIGHTS[1] in message
    assert WEIGHTS[0] not in message
    assert "cannot be downloaded" in message


def test_a_missing_folder_is_reported_like_missing_weights(tmp_path, monkeypatch):
    monkeypatch.setenv(MODELS_ENV, str(tmp_path / "nowhere"))
    with pytest.raises(OcrUnavailable, match="nowhere"):
        get_ocr_engine_factories()["easyocr"].__wrapped__(1)


def test_the_default_folder_is_easyocrs_own(monkeypatch):
    monkeypatch.delenv(MODELS_ENV, raising=False)
    monkeypatch.delenv(CONFIG_ENV, raising=False)
    assert models_folder().parts[-2:] == (".EasyOCR", "model")


def _config_naming(tmp_path, folder: str):
    path = tmp_path / "veribot.toml"
    path.write_text(f'[ocr]\nengine = "easyocr"\neasyocr_models = "{folder}"\n', encoding="utf-8")
    return path


def test_the_config_names_the_folder_relative_to_itself(tmp_path, monkeypatch):
    monkeypatch.delenv(MODELS_ENV, raising=False)
    monkeypatch.setenv(CONFIG_ENV, str(_config_naming(tmp_path, "weights/easyocr")))
    assert models_folder() == tmp_path / "weights" / "easyocr"
    with pytest.raises(OcrUnavailable) as caught:
        EasyOcrEngine(1)
    assert str(tmp_path / "weights" / "easyocr") in str(caught.value)
    assert all(name in str(caught.value) for name in WEIGHTS)


def test_the_environment_overrides_the_config(tmp_path, monkeypatch):
    monkeypatch.setenv(CONFIG_ENV, str(_config_naming(tmp_path, "from-config")))
    monkeypatch.setenv(MODELS_ENV, str(tmp_path / "from-env"))
    assert models_folder() == tmp_path / "from-env"
    assert models_folder(load_config(tmp_path / "veribot.toml")) == tmp_path / "from-env"


def test_weights_present_but_easyocr_absent_says_what_to_install(tmp_path, monkeypatch):
    assert importlib.util.find_spec("easyocr") is None, "veribot's extras never install easyocr"
    monkeypatch.setenv(MODELS_ENV, str(tmp_path))
    for name in WEIGHTS:
        (tmp_path / name).write_bytes(b"\0")
    with pytest.raises(OcrUnavailable, match="pip install easyocr"):
        EasyOcrEngine(1)
