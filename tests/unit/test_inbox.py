"""The batch inbox: batches and their photos, safe unpacking, moving processed files aside."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from robotlib.errors import InputError
from robotlib.inbox import Batch, find_batches, move_aside, unpack_images


def test_batches_pair_files_with_their_photos(tmp_path: Path) -> None:
    (tmp_path / "a.xlsx").write_bytes(b"x")
    (tmp_path / "a-images.zip").write_bytes(b"x")
    (tmp_path / "b.csv").write_text("x")
    (tmp_path / "images").mkdir()
    (tmp_path / "~$a.xlsx").write_bytes(b"lock")
    (tmp_path / "notes.txt").write_text("x")

    batches = find_batches(tmp_path)

    assert [(b.file.name, b.images.name if b.images else None) for b in batches] == [
        ("a.xlsx", "a-images.zip"),
        ("b.csv", "images"),
    ]
    # the shared images folder stays for the other files of the inbox
    assert [p.name for p in batches[1].files] == ["b.csv"]


def test_a_zip_is_unpacked_flat_and_a_member_leaving_the_folder_is_refused(
    tmp_path: Path,
) -> None:
    archive = tmp_path / "p-images.zip"
    with zipfile.ZipFile(archive, "w") as handle:
        handle.writestr("scans/A-1-front.jpg", b"\xff\xd8")
        handle.writestr("readme.txt", b"not a photo")
    folder = unpack_images(Batch(tmp_path / "p.xlsx", archive), tmp_path / "work")

    assert folder is not None
    assert sorted(p.name for p in folder.iterdir()) == ["A-1-front.jpg"]

    with zipfile.ZipFile(archive, "w") as handle:
        handle.writestr("../../etc/evil.jpg", b"x")
    with pytest.raises(InputError, match="points outside the archive"):
        unpack_images(Batch(tmp_path / "p.xlsx", archive), tmp_path / "work")
    assert not (tmp_path / "etc").exists()


def test_a_corrupt_zip_is_a_clear_error(tmp_path: Path) -> None:
    archive = tmp_path / "p-images.zip"
    archive.write_bytes(b"not a zip")

    with pytest.raises(InputError, match="not a readable zip archive"):
        unpack_images(Batch(tmp_path / "p.xlsx", archive), tmp_path / "work")


def test_moving_aside_never_overwrites(tmp_path: Path) -> None:
    processed = tmp_path / "processed"
    processed.mkdir()
    (processed / "p.xlsx").write_text("earlier")
    (tmp_path / "p.xlsx").write_text("now")

    (moved,) = move_aside(Batch(tmp_path / "p.xlsx", None), processed)

    assert moved.name == "p.1.xlsx" and moved.read_text() == "now"
    assert (processed / "p.xlsx").read_text() == "earlier"
