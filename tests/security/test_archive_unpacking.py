"""Photo zips: zip slip, link members and zip bombs are refused; nothing the user owns beside
the zip is touched; the unpacked photos live in a private folder only until they are sealed."""

from __future__ import annotations

import re
import stat
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from robotlib.cli.app import app
from robotlib.errors import InputError, VeribotError
from robotlib.inbox import Batch, unpack_images
from robotlib.sandbox.payroll_inbox import ImagesAs, write_inbox
from robotlib.sandbox.world import generate_world
from scheduler.pool import SqlitePool
from tests.helpers.batch_inbox import stub_photo, world_with_stub_photos
from tests.helpers.keys import session_keyring

JPEG = b"\xff\xd8 a photo"
MIB = 1024 * 1024


def write_zip(path: Path, members: dict[str | zipfile.ZipInfo, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def refused(archive: Path, work: Path, reason: str) -> None:
    """Unpacking ``archive`` fails naming it and ``reason``, leaving nothing in ``work``."""
    with pytest.raises(InputError, match=reason) as caught:
        unpack_images(Batch(archive.with_name("p.xlsx"), archive), work)
    assert str(archive) in str(caught.value)
    assert list(work.iterdir()) == [], f"{archive.name} left {list(work.rglob('*'))}"


@pytest.mark.parametrize(
    "member", ["../../escaped.jpg", "/tmp/escaped.jpg", "..\\..\\escaped.jpg", "C:/escaped.jpg"]
)
def test_zip_slip_member_is_refused_and_nothing_is_written(tmp_path: Path, member: str) -> None:
    work = tmp_path / "data/work"
    archive = write_zip(tmp_path / "p-images.zip", {"A-1-front.jpg": JPEG, member: JPEG})

    refused(archive, work, re.escape(f"member {member!r} points outside the archive"))
    assert [p.name for p in tmp_path.rglob("escaped.jpg")] == []


def test_symlink_member_is_refused(tmp_path: Path) -> None:
    link = zipfile.ZipInfo("A-1-front.jpg")
    link.create_system = 3  # unix, so the mode bits count
    link.external_attr = (stat.S_IFLNK | 0o777) << 16
    archive = write_zip(tmp_path / "p-images.zip", {link: b"/etc/passwd"})

    refused(archive, tmp_path / "work", "'A-1-front.jpg' is a symbolic link")


def test_more_members_than_the_cap_are_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from robotlib.inflation import ZipCaps

    monkeypatch.setattr(
        "robotlib.inbox.IMAGES_ZIP_CAPS", ZipCaps(max_members=3, max_bytes=MIB, max_ratio=100)
    )
    archive = write_zip(tmp_path / "p-images.zip", {f"A-{n}-front.jpg": JPEG for n in range(4)})

    refused(archive, tmp_path / "work", "4 members, over the cap of 3 per archive")


def test_a_zip_bomb_member_is_refused_before_it_is_inflated(tmp_path: Path) -> None:
    # 64 MiB of zeros deflate to about 64 KiB: a thousandfold, with the real caps
    archive = write_zip(tmp_path / "p-images.zip", {"A-1-front.jpg": bytes(64 * MIB)})

    refused(archive, tmp_path / "work", r"'A-1-front.jpg' inflates \d+ times .* \(zip bomb\)")


def test_more_bytes_than_the_cap_are_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from robotlib.inflation import ZipCaps

    monkeypatch.setattr(
        "robotlib.inbox.IMAGES_ZIP_CAPS", ZipCaps(max_members=10, max_bytes=1000, max_ratio=100)
    )
    archive = write_zip(
        tmp_path / "p-images.zip", {"A-1-front.jpg": b"x" * 600, "b.jpg": b"y" * 600}
    )

    refused(archive, tmp_path / "work", "unpacks to 1200 bytes, over the cap of 1000 bytes")


def test_unpacked_photos_are_private_and_in_a_new_folder(tmp_path: Path) -> None:
    work = tmp_path / "work"
    archive = write_zip(tmp_path / "p-images.zip", {"scans/A-1-front.jpg": JPEG})

    first = unpack_images(Batch(tmp_path / "p.xlsx", archive), work)
    second = unpack_images(Batch(tmp_path / "p.xlsx", archive), work)

    assert first is not None
    assert second is not None
    assert first != second
    assert first.parent == work
    assert not (tmp_path / "p-images").exists()
    for path in (work, first, first / "scans", first / "scans/A-1-front.jpg"):
        mode = stat.S_IMODE(path.stat().st_mode)
        assert mode & 0o077 == 0, f"{path.relative_to(tmp_path)} is {oct(mode)}"
    assert (first / "scans/A-1-front.jpg").read_bytes() == JPEG


def test_submit_keeps_the_users_folder_beside_the_zip_and_leaves_no_unpacked_photos(
    tmp_path: Path,
) -> None:
    world = tmp_path / "world"
    refs = world_with_stub_photos(world, 3, 3)
    inbox = write_inbox(world, tmp_path / "inbox", images_as=ImagesAs.ZIP)
    # the user's own folder of the zip's name, beside it
    mine = tmp_path / "inbox" / "payroll-images"
    mine.mkdir()
    (mine / "notes.txt").write_text("mine")
    before = sorted(p.relative_to(tmp_path).as_posix() for p in (tmp_path / "inbox").rglob("*"))

    result = CliRunner().invoke(
        app,
        [
            "-c",
            str(world / "veribot.toml"),
            "submit",
            str(inbox.file),
            "--images",
            str(inbox.images),
        ],
    )

    assert result.exit_code == 0, result.output
    after = sorted(p.relative_to(tmp_path).as_posix() for p in (tmp_path / "inbox").rglob("*"))
    assert after == before
    assert (mine / "notes.txt").read_text() == "mine"
    # the pool sealed its copies; the unpacked photos are gone from its private work folder
    with SqlitePool(world / "veribot.db", keyring=session_keyring()) as pool:
        sealed = {ref: pool.documents(ref) for ref in refs}
    assert {ref: docs.get("id_front") for ref, docs in sealed.items()} == {
        ref: stub_photo(ref) for ref in refs
    }
    assert list((world / "work").iterdir()) == []
    assert stat.S_IMODE((world / "work").stat().st_mode) == 0o700


@pytest.mark.parametrize("images_as", [ImagesAs.FOLDER, ImagesAs.ZIP])
def test_a_sandbox_inbox_never_replaces_the_users_files(
    tmp_path: Path, images_as: ImagesAs
) -> None:
    world = tmp_path / "world"
    generate_world(2, 3, world, photos=False)
    inbox = tmp_path / "inbox"
    (inbox / "payroll-images").mkdir(parents=True)
    (inbox / "payroll-images/notes.txt").write_text("mine")
    (inbox / "payroll-images.zip").write_text("mine too")

    with pytest.raises(VeribotError, match=r"payroll-images(\.zip)? already exists"):
        write_inbox(world, inbox, images_as=images_as)

    assert (inbox / "payroll-images/notes.txt").read_text() == "mine"
    assert (inbox / "payroll-images.zip").read_text() == "mine too"
    assert not (inbox / "payroll.xlsx").exists()
