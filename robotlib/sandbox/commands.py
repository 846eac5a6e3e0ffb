"""``veribot sandbox``: a synthetic world to try veribot on (no real person's data anywhere).

``robotlib.cli.app`` names this group lazily: the module is imported only when a sandbox
command runs. ``serve`` needs the ``sandbox`` extra (FastAPI, uvicorn), imported when it starts.
"""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from robotlib.cli.context import console, fail
from robotlib.errors import VeribotError
from robotlib.sandbox.payroll_inbox import ImagesAs, InboxFormat, write_inbox
from robotlib.sandbox.service.portal_login import DEFAULT_PORTAL_PASSWORD, DEFAULT_PORTAL_USER
from robotlib.sandbox.world import WorldError, WorldSummary, generate_world

LOOPBACK = ("127.0.0.1", "localhost", "::1")
INSTALL_EXTRA = "pip install 'veribot[sandbox]'"


class PortalLayout(StrEnum):
    """The sandbox portal's page layout (v2 renames every element id, as a redesign would)."""

    V1 = "v1"
    V2 = "v2"


sandbox_app = typer.Typer(
    name="sandbox",
    help="Synthetic data to try veribot on: applicants, ID card photos, registries, and a "
    "service that serves them as APIs and a web portal.",
    no_args_is_help=True,
    add_completion=False,
)


WORLD_HELP = (
    "Generate a deterministic synthetic world of applications and registries.\n\n"
    "Writes into OUT: gov_identity.csv, social_security.csv, blacklist.csv and telecom.csv "
    "(registries holding about three times more people than apply); images/<ref>-front.jpg "
    "and <ref>-back.jpg (phone photos of synthetic ID cards); applications.jsonl (submit it "
    "with `veribot submit`); expected.jsonl (the decision and reasons each application must "
    "get); veribot.toml (a config that uses all of it).\n\n"
    "About 30 % of the applications carry one fault each (missing or corrupt photo, "
    "unreadable card, forged or expired card, form, registry, list or phone mismatch); with "
    "100 or more applications every kind of fault appears at least once. The same seed gives "
    "the same files on the same day.\n\n"
    "--merchants N adds N merchant applications (kind merchant_account): a business licence "
    "photo (images/<ref>-licence.jpg) and the legal representative's ID card each, the "
    "businesses in enterprise_registry.csv, and about 40 % faults (revoked, cancelled or "
    "abnormal business, mistyped credit code or name, another legal representative, "
    "unregistered or listed business, listed or expired representative, covered or missing "
    "licence)."
)


@sandbox_app.command(help=WORLD_HELP)
def world(
    people: Annotated[
        int, typer.Option(min=0, max=100_000, help="Personal-account applications to generate.")
    ] = 100,
    merchants: Annotated[
        int, typer.Option(min=0, max=100_000, help="Merchant-account applications to add.")
    ] = 0,
    seed: Annotated[int, typer.Option(help="Random seed: the same seed gives the same world.")] = 7,
    out: Annotated[
        Path,
        typer.Option(
            file_okay=False,
            help="Folder to write (created; files of an earlier world there are replaced).",
        ),
    ] = Path("var/world"),
    workers: Annotated[
        int | None,
        typer.Option(
            min=1, max=64, help="Processes that render the photos (default: up to 2, one per core)."
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
    photos: Annotated[
        bool,
        typer.Option(
            help="Render the card photos; --no-photos is fast, for registry-only robots and "
            "intake measurements (the photo files named in the applications are absent).",
        ),
    ] = True,
) -> None:
    """Generate a deterministic synthetic world of applications and registries."""
    try:
        if as_json or not photos:
            summary = generate_world(
                people, seed, out, workers=workers, photos=photos, merchants=merchants
            )
        else:
            summary = _with_progress(people, seed, out, workers, merchants)
    except WorldError as exc:
        fail(str(exc))
    if as_json:
        typer.echo(json.dumps(_as_dict(summary), ensure_ascii=False))
    else:
        _print_summary(summary)


@sandbox_app.command()
def inbox(
    world_dir: Annotated[
        Path,
        typer.Option("--world", file_okay=False, help="A folder written by `sandbox world`."),
    ] = Path("var/world"),
    out: Annotated[
        Path, typer.Option(file_okay=False, help="The inbox folder to write into (created).")
    ] = Path("var/inbox"),
    name: Annotated[str, typer.Option(help="File name without suffix.")] = "payroll",
    file_format: Annotated[
        InboxFormat, typer.Option("--format", help="Excel workbook or CSV file.")
    ] = InboxFormat.XLSX,
    images: Annotated[
        ImagesAs, typer.Option(help="ID photos in a zip or a folder beside the file.")
    ] = ImagesAs.ZIP,
    malformed: Annotated[
        int, typer.Option(min=0, help="Rows to write with a blank ID number (bad input).")
    ] = 0,
) -> None:
    """Write a world's applications as an employer's bulk payroll-account file.

    The file has Chinese headers in the employer's own order, a title row and a column
    veribot does not use; the ID photos go beside it as NAME-images.zip or NAME-images/.
    `robot --rpa tasks.robot` verifies such an inbox.
    """
    try:
        summary = write_inbox(
            world_dir,
            out,
            name=name,
            file_format=file_format,
            images_as=images,
            malformed=malformed,
        )
    except VeribotError as exc:
        fail(str(exc))
    console.print(
        f"{summary.rows} rows written to {summary.file}, images in {summary.images}"
        + (f"; malformed rows: {', '.join(summary.malformed)}" if summary.malformed else ""),
        highlight=False,
        markup=False,
    )


def _with_progress(
    people: int, seed: int, out: Path, workers: int | None, merchants: int
) -> WorldSummary:
    columns = (
        TextColumn("{task.description:<20}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=console, transient=True) as progress:
        task = progress.add_task("rendering ID cards", total=None)

        def rendered(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total)

        return generate_world(people, seed, out, rendered, workers=workers, merchants=merchants)


def _as_dict(summary: WorldSummary) -> dict[str, object]:
    return {
        "out": str(summary.out),
        "people": summary.people,
        "merchants": summary.merchants,
        "seed": summary.seed,
        "today": summary.today.isoformat(),
        "scenarios": summary.scenarios,
        "decisions": summary.decisions,
        "rows": summary.rows,
        "images": summary.images,
        "seconds": round(summary.seconds, 2),
    }


def _print_summary(summary: WorldSummary) -> None:
    table = Table("scenario", "applications", title="Scenarios")
    for scenario, count in sorted(summary.scenarios.items(), key=lambda item: -item[1]):
        table.add_row(scenario, str(count))
    console.print(table)
    files = Table("file", "rows", title="Files")
    for file_name, rows in summary.rows.items():
        files.add_row(file_name, str(rows))
    files.add_row("images/*.jpg", str(summary.images))
    console.print(files)
    decisions = ", ".join(f"{n} {d}" for d, n in sorted(summary.decisions.items()))
    console.print(
        f"{summary.people + summary.merchants} applications ({decisions}) written to {summary.out} "
        f"in {summary.seconds:.1f} s; submit with "
        f"`veribot -c {summary.out / 'veribot.toml'} submit {summary.out / 'applications.jsonl'}`",
        highlight=False,
        markup=False,
    )


SERVE_HELP = (
    "Serve a sandbox world's registries on 127.0.0.1: JSON APIs and a legacy web portal.\n\n"
    "APIs (POST, JSON bodies; the `http` source type talks to them): "
    "/api/gov_identity/lookup and /api/social_security/lookup {id_number}, "
    "/api/blacklist/screen {id_number, name, birth_date}, /api/telecom/owner {phone}, "
    "/api/enterprise_registry/lookup {uscc}, /api/blacklist/screen_company {uscc, name}; "
    "interactive docs at /docs.\n\n"
    "Portal (the `portal` source type drives it with Chromium): /portal/login, search form, "
    "paginated contribution history.\n\n"
    "Faults for testing robots: --delay-ms, --error-rate, --malformed, --layout v2 at start, "
    "or PUT /control/faults while running. Stop with Ctrl-C."
)


@sandbox_app.command(help=SERVE_HELP)
def serve(
    world_dir: Annotated[
        Path,
        typer.Option("--world", file_okay=False, help="A `veribot sandbox world` folder to serve."),
    ] = Path("var/world"),
    host: Annotated[str, typer.Option(help="Address to listen on (loopback only).")] = (
        "127.0.0.1"
    ),
    port: Annotated[int, typer.Option(min=0, max=65535, help="Port (0: any free one).")] = 8765,
    token: Annotated[
        str | None, typer.Option(help="Require `Authorization: Bearer TOKEN` on the APIs.")
    ] = None,
    portal_user: Annotated[str, typer.Option(help="Portal login name.")] = DEFAULT_PORTAL_USER,
    portal_password: Annotated[
        str, typer.Option(help="Portal password.")
    ] = DEFAULT_PORTAL_PASSWORD,
    delay_ms: Annotated[
        float, typer.Option(min=0, max=120_000, help="Delay added to every answer (ms).")
    ] = 0.0,
    error_rate: Annotated[
        float, typer.Option(min=0, max=1, help="Share of requests answered with --error-status.")
    ] = 0.0,
    error_status: Annotated[int, typer.Option(min=500, max=599, help="Status of errors.")] = 503,
    malformed: Annotated[
        bool, typer.Option(help="APIs answer 200 with a body that is not valid JSON.")
    ] = False,
    layout: Annotated[
        PortalLayout, typer.Option(help="Portal layout: v2 renames every id (a redesign).")
    ] = PortalLayout.V1,
) -> None:
    """Serve a sandbox world's registries on 127.0.0.1: JSON APIs and a legacy web portal."""
    if host not in LOOPBACK:
        fail(f"--host {host}: the sandbox serves synthetic data on loopback only ({LOOPBACK[0]})")
    # imported here: the service is the one part of the sandbox that needs the extra
    try:
        import uvicorn

        from robotlib.sandbox.service.app import create_app
        from robotlib.sandbox.service.faults import Faults
        from robotlib.sandbox.service.server import uvicorn_config
    except ImportError as exc:
        fail(f"sandbox serve needs the sandbox extra ({exc.name} is missing): {INSTALL_EXTRA}")
    faults = Faults(
        delay_ms=delay_ms,
        error_rate=error_rate,
        error_status=error_status,
        malformed=malformed,
        layout=layout.value,
    )
    try:
        app = create_app(
            world_dir,
            token=token,
            faults=faults,
            portal_user=portal_user,
            portal_password=portal_password,
        )
    except VeribotError as exc:
        fail(str(exc))
    console.print(
        f"serving {world_dir} on http://{host}:{port} (APIs under /api, portal under /portal, "
        "docs at /docs); Ctrl-C stops",
        highlight=False,
        markup=False,
    )
    uvicorn.Server(uvicorn_config(app, host, port)).run()
