"""Keywords for the batch inbox: find employer files, unpack their photos, move them aside,
write the run's report, and make a synthetic inbox to try it on."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from robot.api import logger
from robotlibcore import keyword

from robotlib.inbox import Batch, find_batches, move_all_aside, remove_unpacked, unpack_images
from robotlib.library.context import LibraryContext
from robotlib.library.intake_keywords import SubmitSummary
from robotlib.model import ResultRecord
from robotlib.sandbox.payroll_inbox import InboxSummary, write_inbox
from robotlib.sandbox.world import generate_world
from robotlib.workdir import private_work_dir


class InboxKeywords:
    """Work through the batch inbox."""

    def __init__(self, ctx: LibraryContext) -> None:
        self.ctx = ctx
        #: the folders this library unpacked from zips: the only ones it removes
        self._unpacked: set[Path] = set()

    @keyword
    def find_inbox_batches(self, inbox: Path) -> list[Batch]:
        """The CSV and Excel files waiting in ``inbox``, each with its photos.

        A file's photos are the folder ``<stem>-images`` or the zip ``<stem>-images.zip``
        beside it (or ``images`` / ``images.zip`` shared by the inbox). Each batch has
        ``file`` and ``images`` (None when there are none).

        Example:
        | @{batches}=    Find Inbox Batches    ${INBOX}
        | FOR    ${batch}    IN    @{batches}
        |     Log    ${batch.file.name}
        | END
        """
        return self.ctx.call(lambda: find_batches(inbox))

    @keyword
    def unpack_batch_images(self, batch: Batch) -> Path | None:
        """The folder of the batch's photos: its own folder, or its zip unpacked first.

        A zip is unpacked into a new folder under the pool's private work folder
        (``work/`` beside a SQLite pool's database, readable by its owner only); nothing
        beside the zip is touched. Members with a path leaving the folder, links, and zips
        with more than 20,000 members or 4 GiB (or inflating a hundredfold: a zip bomb) are
        refused. Remove the folder with `Remove Unpacked Images` once `Submit Applications`
        has sealed the photos into the pool.

        Example:
        | ${photos}=    Unpack Batch Images    ${batch}
        | TRY
        |     Submit Applications    ${batch.file}    images=${photos}
        | FINALLY
        |     Remove Unpacked Images    ${photos}
        | END
        """
        folder = self.ctx.call(lambda: unpack_images(batch, private_work_dir(self.ctx.config)))
        if folder is not None and folder != batch.images:
            self._unpacked.add(folder)
        return folder

    @keyword
    def remove_unpacked_images(self, photos: Path | None) -> None:
        """Delete a folder `Unpack Batch Images` unpacked from a zip; a batch's own photo
        folder (or None, for a batch without photos) is left as it is.

        Example:
        | Remove Unpacked Images    ${photos}
        """
        if photos is not None and photos in self._unpacked:
            remove_unpacked(photos)
            self._unpacked.discard(photos)

    @keyword
    def move_batch_aside(self, batch: Batch, processed: Path) -> list[Path]:
        """Move the batch's file and its own photos into ``processed`` so no run takes them
        again; a shared ``images`` folder or zip stays (`Move Batches Aside` moves it too).

        Example:
        | Move Batch Aside    ${batch}    ${INBOX}/processed/${RUN_ID}
        """
        return self.move_batches_aside([batch], processed, shared=False)

    @keyword
    def move_batches_aside(
        self, batches: list[Batch], processed: Path, shared: bool = True
    ) -> list[Path]:
        """Move the batches' files and photos (a shared ``images`` folder or zip too) into
        ``processed`` so no run takes them again; a name taken there gets a number. With
        ``shared=False`` a shared ``images`` folder or zip stays for files still to come.

        Example:
        | Move Batches Aside    ${batches}    ${INBOX}/processed/${RUN_ID}
        """
        moved = move_all_aside(batches, processed, shared=shared)
        logger.info(f"moved to {processed}: {', '.join(p.name for p in moved)}")
        return moved

    @keyword
    def write_batch_report(
        self, path: Path, summaries: Sequence[SubmitSummary], results: Sequence[ResultRecord]
    ) -> Path:
        """Write the run's report (Markdown): per file what was submitted and rejected, every
        rejected row (row, ref, field, why), and the decisions and reasons. No personal data.

        Example:
        | Write Batch Report    ${OUT}/report.md    ${summaries}    ${results}
        """
        lines = [f"# veribot batch run {dt.datetime.now().isoformat(timespec='seconds')}", ""]
        lines += ["| file | submitted | duplicates | rejected rows |", "|---|---|---|---|"]
        lines += [
            f"| {s.file} | {s.submitted} | {s.duplicates} | {s.rejected} |" for s in summaries
        ]
        decisions = Counter(str(r.decision or r.status) for r in results)
        reasons = Counter(code for r in results for code in r.reasons)
        lines += ["", "## Decisions", ""]
        lines += [f"- {name}: {count}" for name, count in sorted(decisions.items())]
        lines += ["", "## Reasons", ""]
        lines += [f"- {code}: {count}" for code, count in sorted(reasons.items())]
        rejected = [(s.file, e) for s in summaries for e in s.errors]
        if rejected:
            lines += ["", "## Rejected rows", "", "| file | row | ref | field | problem |"]
            lines += ["|---|---|---|---|---|"]
            lines += [
                f"| {file} | {e.line} | {e.ref or ''} | {e.column or e.field or ''} | {e.message} |"
                for file, e in rejected
            ]
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return path

    @keyword
    def create_sandbox_world(
        self, folder: Path, people: int = 100, seed: int = 7, photos: bool = True
    ) -> Path:
        """Generate a synthetic world in ``folder`` and return the folder.

        It holds the registries, ``applications.jsonl``, ``expected.jsonl``, a
        ``veribot.toml`` using them and, with ``photos``, the ID card photos.

        Example:
        | ${world}=    Create Sandbox World    ${OUT}/world    people=100    photos=${False}
        | Use Veribot Config    ${world}/veribot.toml
        """
        self.ctx.call(lambda: generate_world(people, seed, folder, photos=photos))
        self._remember_names(folder)
        return folder

    @keyword
    def create_sandbox_inbox(
        self, folder: Path, people: int = 100, seed: int = 7, malformed: int = 1
    ) -> InboxSummary:
        """Generate a synthetic world in ``folder``/world and its employer Excel file with a
        zip of photos in ``folder``/inbox; ``malformed`` rows have a blank ID number.

        The world's ``veribot.toml`` and ``expected.jsonl`` are in ``folder``/world.

        Example:
        | ${inbox}=    Create Sandbox Inbox    ${OUT}/sandbox    people=500
        """
        world = folder / "world"
        self.ctx.call(lambda: generate_world(people, seed, world))
        self._remember_names(world)
        summary = self.ctx.call(lambda: write_inbox(world, folder / "inbox", malformed=malformed))
        logger.info(f"{summary.rows} rows in {summary.file}; malformed: {summary.malformed}")
        return summary

    def _remember_names(self, world: Path) -> None:
        """Mask the world's applicants even where a robot reads its files by other means."""
        with (world / "applications.jsonl").open(encoding="utf-8") as handle:
            self.ctx.guard.remember(json.loads(line)["applicant"]["name"] for line in handle)
