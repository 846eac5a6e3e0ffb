"""The batch inbox: batches and their photos, safe unpacking, moving processed files aside."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from robotlib.errors import InputError
from robotlib.inbox import Batch, find_batches, move_aside, unpack_images
from robotlib.inflation import ZipCaps


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


def test_a_zip_keeps_its_folders_and_a_member_leaving_the_folder_is_refused(
    tmp_path: Path,
) -> None:
    archive = tmp_path / "p-images.zip"
    with zipfile.ZipFile(archive, "w") as handle:
        handle.writestr("scans/A-1-front.jpg", b"\xff\xd8 one")
        handle.writestr("sales/front.jpg", b"\xff\xd8 sales")
        handle.writestr("hr/front.jpg", b"\xff\xd8 hr")
        handle.writestr("readme.txt", b"not a photo")
    folder = unpack_images(Batch(tmp_path / "p.xlsx", archive), tmp_path / "work")

    assert folder is not None
    assert sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*.jpg")) == [
        "hr/front.jpg",
        "sales/front.jpg",
        "scans/A-1-front.jpg",
    ]
    # two photos of one name in two folders stay two photos, neither overwriting the other
    assert (folder / "hr/front.jpg").read_bytes() == b"\xff\xd8 hr"

    for evil in ("../../etc/evil.jpg", "/abs/evil.jpg", "..\\..\\evil.jpg"):
        with zipfile.ZipFile(archive, "w") as handle:
            handle.writestr(evil, b"x")
        with pytest.raises(InputError, match="points outside the archive"):
            unpack_images(Batch(tmp_path / "p.xlsx", archive), tmp_path / "work")
    assert not (tmp_path / "etc").exists()
    assert not (tmp_path / "evil.jpg").exists()


def test_a_zip_that_unpacks_too_large_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    archive = tmp_path / "p-images.zip"
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as handle:
        handle.writestr("A-1-front.jpg", b"\0" * 5000)
    monkeypatch.setattr(
        "robotlib.inbox.IMAGES_ZIP_CAPS", ZipCaps(max_members=10, max_bytes=4096, max_ratio=1e9)
    )

    with pytest.raises(InputError, match="unpacks to 5000 bytes, over the cap of 4096 bytes"):
        unpack_images(Batch(tmp_path / "p.xlsx", archive), tmp_path / "work")


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

    assert moved.name == "p.1.xlsx"
    assert moved.read_text() == "now"
    assert (processed / "p.xlsx").read_text() == "earlier"
