"""Thin command line: each command parses arguments and calls the function tests call."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.console import Console

if TYPE_CHECKING:  # the CLI imports the batch only when a command needs it (a fast --help)
    from pipeline.batch.jobs import BatchSummary

app = typer.Typer(
    help="Swedish scorecard reports (PDF, text exports) to Parquet datasets.\n\n"
    "Exit codes: 0 success; 1 extract completed but a source failed, timed out, crashed or ran out of "
    "memory, or check found a problem; 2 usage, OUT or lock problems.\n\n"
    "Example: pipeline extract samples --out out",
    no_args_is_help=True,
    add_completion=False,
)
console = Console(stderr=True)
REPORT_LINES = 20  # extract prints one line per report up to this many


def _version(value: bool) -> None:
    if value:
        from pipeline import DISTRIBUTION, __version__

        typer.echo(f"{DISTRIBUTION} {__version__} (import package: pipeline)")
        raise typer.Exit()


@app.callback()
def main(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                 help="Print the version and exit."),
) -> None:
    """Swedish scorecard reports (PDF, text exports) to Parquet datasets.

    Exit codes: 0 success; 1 extract completed but a source failed, timed out, crashed or ran out of
    memory, or check found a problem; 2 usage, OUT or lock problems.

    Example: pipeline extract samples --out out
    """


def _profile(name: str):
    from pipeline.settings.profile import (  # lazy: --help imports no pipeline module
        AUTO,
        ProfileError,
        load_profile,
        organisation_profiles,
    )

    try:
        prof = load_profile(name)
        if name == AUTO:
            organisation_profiles()  # a user's profile with an error stops here, not in every document
        return prof
    except ProfileError as exc:
        console.print(f"[red]error:[/red] {exc}", soft_wrap=True)
        raise typer.Exit(2) from None


@app.command()
def extract(
    paths: list[Path] = typer.Argument(..., help="Report files or directories of reports (*.pdf, *.txt)."),
    out: Path = typer.Option(Path("out"), "--out", "-o", help="Output directory for the datasets."),
    profile: str = typer.Option("auto", "--profile", "-p", help="Profile name (see pipeline profiles) or a .toml path; auto picks the profile of the organisation the document names, else default."),
    workers: int = typer.Option(0, "--workers", "-w", help="Worker processes (0 = number of CPUs)."),
    executor: str = typer.Option("local", "--executor", help="local (worker processes) or dask."),
    scheduler: str = typer.Option(None, "--scheduler", help="Dask scheduler address, e.g. tcp://10.0.0.5:8786 "
                                  "(default: start a LocalCluster)."),
    timeout: float = typer.Option(300.0, "--timeout", help="Time limit per document in seconds (0 = none)."),
    prune: bool = typer.Option(False, "--prune", help="Remove the rows of sources that are gone. Refused (exit 2, "
                               "nothing removed) when an input path is missing or empty, or when it would remove "
                               "more than half of the reports in OUT."),
    force: bool = typer.Option(False, "--force", help="With --prune: prune even when it looks like an accident."),
    dry_run: bool = typer.Option(False, "--dry-run", help="With --prune: list what would be removed; extract "
                                 "and write nothing."),
    retry_failed: bool = typer.Option(False, "--retry-failed", help="Extract failed, timed-out and crashed sources again."),
    follow_symlinks: bool = typer.Option(False, "--follow-symlinks", help="Read symlinks that lead outside the input paths."),
    memory_limit: int | None = typer.Option(None, "--memory-limit", help="Memory limit per worker in MB, local processes and "
                                     "Dask workers alike (default 4096; 0 = none): a document over it is an error row."),
) -> None:
    """Extract reports into Parquet datasets under OUT, incrementally and in parallel.

    Unchanged files (same sha256, pipeline version and profile, and their report's files in OUT as
    recorded) are skipped; see OUT/_manifest.parquet. A damaged or missing file in OUT makes its
    report be extracted again.

    Exit codes: 0 every source ok or partial; 1 the batch completed but at least one source failed,
    timed out, crashed or was killed for memory (oom) (in this run, or in an earlier one and unchanged since: --retry-failed), and
    everything else is written; 2 usage, OUT or lock problems, or a refused --prune.

    Example: pipeline extract archive/ samples/rn-run-delarsrapport-2021-04.pdf --out out --workers 4

    Example (Dask): pipeline extract archive/ --out out --executor dask --scheduler tcp://scheduler:8786
    """
    from pipeline.batch.corpus import OutputUnusable, PruneRefused, run_corpus
    from pipeline.batch.settings import BatchSettings
    from pipeline.batch.workers import WORKER_MEMORY_MB

    prof = _profile(profile)
    _check_extract_usage(paths, executor, prune, force or dry_run)
    if dry_run:
        _prune_dry_run(paths, out, follow_symlinks)
    try:
        settings = BatchSettings(workers=workers or None, executor=executor, scheduler=scheduler,
                                 timeout=timeout or None, prune=prune, force=force, retry_failed=retry_failed,
                                 follow_symlinks=follow_symlinks,
                                 memory_limit_mb=WORKER_MEMORY_MB if memory_limit is None else (memory_limit or None))
        summary = run_corpus(paths, out, prof, settings)
    except (OutputUnusable, PruneRefused) as exc:  # a file, read-only, full, locked; a risky prune: one line, exit 2
        console.print(f"[red]error:[/red] {exc}", soft_wrap=True)
        raise typer.Exit(2) from None
    _print_summary(summary)
    raise typer.Exit(summary.exit_code)


def _check_extract_usage(paths: list[Path], executor: str, prune: bool, prune_option: bool) -> None:
    """Usage errors of ``extract``: one line each, exit 2."""
    missing = [p for p in paths if not p.exists()]
    for p in missing:  # "extract -- file --out X" gives "--out" and "X" as paths: an error, not ./out
        hint = " (an option after '--' is taken as a path)" if str(p).startswith("-") else ""
        console.print(f"[red]error:[/red] no such file or directory: {p}{hint}", soft_wrap=True)
    if missing:
        raise typer.Exit(2)
    if executor not in ("local", "dask"):
        console.print(f"[red]error:[/red] --executor must be local or dask, not {executor!r}")
        raise typer.Exit(2)
    if prune_option and not prune:
        console.print("[red]error:[/red] --force and --dry-run go with --prune")
        raise typer.Exit(2)


def _print_summary(summary: BatchSummary) -> None:
    from pipeline.terminal import failures_to_table, summary_to_table

    for brief in summary.reports[:REPORT_LINES]:
        typer.echo(str(brief))
    if len(summary.reports) > REPORT_LINES:
        typer.echo(f"... and {len(summary.reports) - REPORT_LINES} more reports (see OUT/reports)")
    console.print(summary_to_table(summary))
    if summary.failures or summary.earlier_failures or summary.gone or summary.skipped_links or summary.skipped_unsupported:
        console.print(failures_to_table(summary))


def _prune_dry_run(paths: list[Path], out: Path, follow_symlinks: bool) -> None:
    """``extract --prune --dry-run``: what would go, on stdout; exit 2 if the prune would be refused."""
    from pipeline.batch.prune import preview_prune

    plan = preview_prune(paths, out, follow_symlinks)
    for line in plan.lines():
        typer.echo(line)
    if plan.refusal:
        console.print(f"[red]error:[/red] {plan.refusal}", soft_wrap=True)
    raise typer.Exit(2 if plan.refusal else 0)


@app.command()
def check(
    out: Path = typer.Argument(Path("out"), help="Dataset directory written by pipeline extract."),
) -> None:
    """Verify OUT: every dataset file against the size and sha256 the manifest recorded when it was
    written, and that it opens with its schema; missing files, files no manifest row owns, and a
    manifest that disagrees with the files. One line per problem, naming the file.

    Exit codes: 0 no problem; 1 at least one problem (pipeline extract on the same inputs repairs
    damaged and missing files); 2 OUT is not a directory.

    Example: pipeline check out
    """
    from pipeline.batch.check import check_out

    if not out.is_dir():
        console.print(f"[red]error:[/red] {out} is not a directory", soft_wrap=True)
        raise typer.Exit(2)
    problems = check_out(out)
    for p in problems:
        typer.echo(p.line(out))
    if problems:
        raise typer.Exit(1)


@app.command()
def compare(
    report_a: str = typer.Argument(..., help="Older report: a report_id in OUT, or a source file."),
    report_b: str = typer.Argument(..., help="Newer report: a report_id in OUT, or a source file."),
    out: Path = typer.Option(Path("out"), "--out", "-o", help="Dataset directory holding the report ids."),
    profile: str = typer.Option("auto", "--profile", "-p", help="Profile (for source files); auto selects per document."),
) -> None:
    """Show what changed from report A to report B: added, removed and renamed metrics, targets,
    status and trend. A damaged file of either report in OUT: one line naming it, exit 2.

    Example: pipeline compare region-norrbotten.run.delarsrapport.2021-04 region-norrbotten.run.delarsrapport.2022-04 --out out

    Example: pipeline compare samples/rn-run-delarsrapport-2021-04.txt samples/rn-run-delarsrapport-2022-04.txt
    """
    from rich.console import Console as StdoutConsole

    from pipeline.batch.check import DamagedOut, require_intact
    from pipeline.keys.compare import compare_reports
    from pipeline.terminal import changes_to_table

    try:
        if not (Path(report_a).is_file() and Path(report_b).is_file()):  # report ids: read from OUT
            require_intact(out, [report_a, report_b])
            require_intact(out, datasets=["reports"])
        changes = compare_reports(report_a, report_b, out, _profile(profile))
    except (FileNotFoundError, DamagedOut) as exc:
        console.print(f"[red]error:[/red] {exc}", soft_wrap=True)
        raise typer.Exit(2) from None
    StdoutConsole().print(changes_to_table(changes, f"{report_a} → {report_b}: {len(changes)} changes"))


@app.command()
def warehouse(
    out: Path = typer.Argument(Path("out"), help="Dataset directory written by pipeline extract."),
) -> None:
    """Write OUT/warehouse.duckdb: views over the Parquet datasets (no copy) for DuckDB, Power BI, pandas.

    A damaged dataset file (truncated, missing, not Parquet) stops it: one line naming the file, exit 2;
    pipeline check lists every problem and pipeline extract repairs them.

    Example: pipeline warehouse out && duckdb out/warehouse.duckdb "SELECT * FROM latest_status"
    """
    import duckdb

    from pipeline.batch.check import DamagedOut, require_intact
    from pipeline.output.warehouse import build_warehouse

    if not (out / "reports").is_dir():
        console.print(f"[red]error:[/red] {out} has no reports/; run pipeline extract first")
        raise typer.Exit(2)
    try:
        require_intact(out)
        path = build_warehouse(out)
    except DamagedOut as exc:
        console.print(f"[red]error:[/red] {exc}", soft_wrap=True)
        raise typer.Exit(2) from None
    except duckdb.Error as exc:  # damage the quick check cannot see (same size, other bytes)
        reason = str(exc).splitlines()[0]
        console.print(f"[red]error:[/red] {out}: {reason}; run pipeline check {out}", soft_wrap=True)
        raise typer.Exit(2) from None
    typer.echo(path)


@app.command()
def report(
    out: Path = typer.Argument(..., help="Dataset directory written by pipeline extract."),
    html: Path = typer.Option(Path("site"), "--html", help="Directory to write the static HTML site into."),
) -> None:
    """Write a static HTML scorecard site over OUT: goals and metrics per period, changes, evidence.

    Reports with damaged files (see pipeline check) are left out and named on the site's index; the
    site is written from the rest, then one line names the first damaged file and the exit code is 2.

    Example: pipeline report out --html site && chromium site/index.html
    """
    from pipeline.batch.check import DamagedOut, damage, damaged_reports
    from pipeline.site import NotAnOutDir, build_site

    problems = damage(out) if out.is_dir() else []
    try:
        paths = build_site(out, html, damaged_reports(problems))
    except NotAnOutDir as exc:
        console.print(f"[red]error:[/red] {exc}", soft_wrap=True)  # one line, also in narrow terminals
        raise typer.Exit(2) from None
    typer.echo(f"{html / 'index.html'} ({len(paths)} files)")
    if problems:  # the site shows the rest and names the damaged reports on its index
        console.print(f"[red]error:[/red] {DamagedOut(out, problems)}", soft_wrap=True)
        raise typer.Exit(2)


@app.command()
def export(
    out: Path = typer.Argument(..., help="Dataset directory written by pipeline extract."),
    xlsx: Path = typer.Option(..., "--xlsx", help="Excel workbook to write (.xlsx)."),
) -> None:
    """Write an Excel workbook over OUT: a sheet per level (reports, goals, metrics, changes, facts)
    with Swedish headers and status colours, and each metric's target, outcome and status per period.

    Example: pipeline export out --xlsx styrkort.xlsx
    """
    from pipeline.site import NotAnOutDir
    from pipeline.site.excel import write_workbook

    if xlsx.suffix.lower() != ".xlsx":
        console.print(f"[red]error:[/red] --xlsx needs a file name ending in .xlsx, not {xlsx}", soft_wrap=True)
        raise typer.Exit(2)
    try:
        typer.echo(write_workbook(out, xlsx))
    except NotAnOutDir as exc:
        console.print(f"[red]error:[/red] {exc}", soft_wrap=True)
        raise typer.Exit(2) from None


@app.command()
def debug(
    pdf: Path = typer.Argument(..., help="A PDF report."),
    page: int = typer.Option(1, "--page", "-n", help="Page number (1-based)."),
    out: Path = typer.Option(Path("debug.png"), "--out", "-o", help="PNG to write."),
    profile: str = typer.Option("auto", "--profile", "-p", help="Profile name (see pipeline profiles) or a .toml path; auto picks the profile of the organisation the document names, else default."),
) -> None:
    """Draw what the PDF reader saw on one page: blocks, table cells and status marks with their
    decoded status.

    Example: pipeline debug samples/rn-run-delarsrapport-2021-04.pdf --page 15 --out page15.png
    """
    from pipeline.debug import debug_page
    from pipeline.read import ReadError

    try:
        typer.echo(debug_page(pdf, page, out, _profile(profile)))
    except (ReadError, ValueError) as exc:
        console.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from None


@app.command()
def profiles() -> None:
    """List the profiles: those shipped with the pipeline, then your own (in the user config
    directory, or $PIPELINE_PROFILE_DIR), with their organisation and description.

    Example: pipeline profiles
    """
    from pipeline.settings.profile import profile_summaries, user_profile_dir

    rows = profile_summaries()
    for s in rows:
        if s.location == "shipped":
            typer.echo(f"{s.name:<20} {s.organisation:<24} {s.description}")
    typer.echo(f"\nYour profiles ({user_profile_dir()}):")
    own = [s for s in rows if s.location != "shipped"]
    for s in own:
        typer.echo(f"{s.name:<20} {s.organisation:<24} {s.note or s.description}")
    if not own:
        typer.echo("  (none yet: pipeline profile draft REPORT writes one here)")


profile_app = typer.Typer(help="Profiles: draft one for a new organisation.\n\n"
                          "Example: pipeline profile draft report.pdf", no_args_is_help=True)
app.add_typer(profile_app, name="profile")


@profile_app.command("draft")
def profile_draft(
    report: Path = typer.Argument(..., help="A report (PDF or text export) of the new organisation."),
    out: str = typer.Option(None, "--out", "-o", help="TOML file to write; - prints it (default: "
                            "ORGANISATION.toml in your profile directory, see pipeline profiles)."),
    force: bool = typer.Option(False, "--force", help="Replace an existing file."),
) -> None:
    """Draft a starting profile from one report: the organisation detected, table header rows, marks by
    colour and shape, heading styles. It is saved among your profiles, so documents naming the
    organisation use it; edit the names first.

    Example: pipeline profile draft samples/rn-run-delarsrapport-2021-04.pdf

    Example: pipeline profile draft report.pdf --out simrishamn.toml
    """
    from pipeline.run import run_document
    from pipeline.settings.draft import draft_name, draft_profile
    from pipeline.settings.profile import user_profile_dir

    if not report.is_file():
        console.print(f"[red]error:[/red] no such file: {report}")
        raise typer.Exit(2)
    prof = _profile("auto")
    ex = run_document(report, prof)
    text = draft_profile(ex, prof)
    if out == "-":
        typer.echo(text, nl=False)
        return
    path = Path(out) if out else user_profile_dir() / f"{draft_name(ex)}.toml"
    if path.exists() and not force:
        console.print(f"[red]error:[/red] {path} exists; --force replaces it, --out FILE writes elsewhere",
                      soft_wrap=True)
        raise typer.Exit(2)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    typer.echo(path)


def run() -> None:
    """The ``pipeline`` command: ``app`` with the process settings of pipeline.settings.process."""
    from pipeline.settings import process

    process.command_process()
    code = 0
    try:
        app()
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        if not isinstance(exc.code, int | None):
            print(exc.code, file=sys.stderr)
    process.exit_now(code)


if __name__ == "__main__":  # pragma: no cover
    run()
