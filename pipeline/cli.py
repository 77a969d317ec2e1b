"""Thin command line: each command parses arguments and calls the function tests call."""

from __future__ import annotations

import sys
from pathlib import Path

import typer
from rich.console import Console

app = typer.Typer(
    help="Swedish scorecard reports (PDF, text exports) to Parquet datasets.\n\n"
    "Example: pipeline extract samples --out out",
    no_args_is_help=True,
    add_completion=False,
)
console = Console(stderr=True)
REPORT_LINES = 20  # extract prints one line per report up to this many


@app.callback()
def main() -> None:
    """Swedish scorecard reports (PDF, text exports) to Parquet datasets.

    Example: pipeline extract samples --out out
    """


def _profile(name: str):
    from pipeline.settings.profile import (  # lazy: --help imports no pipeline module
        ProfileError,
        load_profile,
    )

    try:
        return load_profile(name)
    except ProfileError as exc:
        console.print(f"[red]error:[/red] {exc}")
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
    prune: bool = typer.Option(False, "--prune", help="Remove the rows of sources that are gone."),
    retry_failed: bool = typer.Option(False, "--retry-failed", help="Extract failed, timed-out and crashed sources again."),
    follow_symlinks: bool = typer.Option(False, "--follow-symlinks", help="Read symlinks that lead outside the input paths."),
) -> None:
    """Extract reports into Parquet datasets under OUT, incrementally and in parallel.

    Unchanged files (same sha256, pipeline version and profile) are skipped; see OUT/_manifest.parquet.

    Example: pipeline extract archive/ samples/rn-run-delarsrapport-2021-04.pdf --out out --workers 4

    Example (Dask): pipeline extract archive/ --out out --executor dask --scheduler tcp://scheduler:8786
    """
    from pipeline.batch.corpus import OutputUnusable, run_corpus
    from pipeline.terminal import failures_to_table, summary_to_table

    prof = _profile(profile)
    missing = [p for p in paths if not p.exists()]
    for p in missing:  # "extract -- file --out X" gives "--out" and "X" as paths: an error, not ./out
        hint = " (an option after '--' is taken as a path)" if str(p).startswith("-") else ""
        console.print(f"[red]error:[/red] no such file or directory: {p}{hint}", soft_wrap=True)
    if missing:
        raise typer.Exit(2)
    if executor not in ("local", "dask"):
        console.print(f"[red]error:[/red] --executor must be local or dask, not {executor!r}")
        raise typer.Exit(2)
    try:
        summary = run_corpus([p for p in paths if p.exists()], out, prof, workers=workers or None, executor=executor,
                             scheduler=scheduler, timeout=timeout or None, prune=prune, retry_failed=retry_failed,
                             follow_symlinks=follow_symlinks)
    except OutputUnusable as exc:  # a file, read-only, full or locked: one line, exit 2
        console.print(f"[red]error:[/red] {exc}", soft_wrap=True)
        raise typer.Exit(2) from None
    for brief in summary.reports[:REPORT_LINES]:
        typer.echo(str(brief))
    if len(summary.reports) > REPORT_LINES:
        typer.echo(f"... and {len(summary.reports) - REPORT_LINES} more reports (see OUT/reports)")
    console.print(summary_to_table(summary))
    if summary.failures or summary.gone or summary.skipped_links or summary.skipped_unsupported:
        console.print(failures_to_table(summary))


@app.command()
def compare(
    report_a: str = typer.Argument(..., help="Older report: a report_id in OUT, or a source file."),
    report_b: str = typer.Argument(..., help="Newer report: a report_id in OUT, or a source file."),
    out: Path = typer.Option(Path("out"), "--out", "-o", help="Dataset directory holding the report ids."),
    profile: str = typer.Option("auto", "--profile", "-p", help="Profile (for source files); auto selects per document."),
) -> None:
    """Show what changed from report A to report B: added, removed and renamed metrics, targets,
    status and trend.

    Example: pipeline compare region-norrbotten.run.delarsrapport.2021-04 region-norrbotten.run.delarsrapport.2022-04 --out out

    Example: pipeline compare samples/rn-run-delarsrapport-2021-04.txt samples/rn-run-delarsrapport-2022-04.txt
    """
    from rich.console import Console as StdoutConsole

    from pipeline.keys.compare import compare_reports
    from pipeline.terminal import changes_to_table

    try:
        changes = compare_reports(report_a, report_b, out, _profile(profile))
    except FileNotFoundError as exc:
        console.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from None
    StdoutConsole().print(changes_to_table(changes, f"{report_a} → {report_b}: {len(changes)} changes"))


@app.command()
def warehouse(
    out: Path = typer.Argument(Path("out"), help="Dataset directory written by pipeline extract."),
) -> None:
    """Write OUT/warehouse.duckdb: views over the Parquet datasets (no copy) for DuckDB, Power BI, pandas.

    Example: pipeline warehouse out && duckdb out/warehouse.duckdb "SELECT * FROM latest_status"
    """
    from pipeline.output.warehouse import build_warehouse

    if not (out / "reports").is_dir():
        console.print(f"[red]error:[/red] {out} has no reports/; run pipeline extract first")
        raise typer.Exit(2)
    path = build_warehouse(out)
    typer.echo(path)


@app.command()
def report(
    out: Path = typer.Argument(..., help="Dataset directory written by pipeline extract."),
    html: Path = typer.Option(Path("site"), "--html", help="Directory to write the static HTML site into."),
) -> None:
    """Write a static HTML scorecard site over OUT: goals and metrics per period, changes, evidence.

    Example: pipeline report out --html site && chromium site/index.html
    """
    from pipeline.site import NotAnOutDir, build_site

    try:
        paths = build_site(out, html)
    except NotAnOutDir as exc:
        console.print(f"[red]error:[/red] {exc}", soft_wrap=True)  # one line, also in narrow terminals
        raise typer.Exit(2) from None
    typer.echo(f"{html / 'index.html'} ({len(paths)} files)")


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
    """List the profiles shipped with the pipeline, with their organisation and description.

    Example: pipeline profiles
    """
    from pipeline.settings.profile import profile_summaries

    for name, org, description in profile_summaries():
        typer.echo(f"{name:<20} {org:<24} {description}")


profile_app = typer.Typer(help="Profiles: draft one for a new organisation.\n\n"
                          "Example: pipeline profile draft report.pdf --out my-organisation.toml", no_args_is_help=True)
app.add_typer(profile_app, name="profile")


@profile_app.command("draft")
def profile_draft(
    report: Path = typer.Argument(..., help="A report (PDF or text export) of the new organisation."),
    out: Path = typer.Option(None, "--out", "-o", help="TOML file to write (default: print it)."),
) -> None:
    """Draft a starting profile from one report: the organisation detected, table header rows, marks by
    colour and shape, heading styles. Edit the names, then use it with --profile FILE.toml.

    Example: pipeline profile draft samples/rn-run-delarsrapport-2021-04.pdf --out simrishamn.toml
    """
    from pipeline.run import run_document
    from pipeline.settings.draft import draft_profile

    if not report.is_file():
        console.print(f"[red]error:[/red] no such file: {report}")
        raise typer.Exit(2)
    prof = _profile("auto")
    text = draft_profile(run_document(report, prof), prof)
    if out is None:
        typer.echo(text, nl=False)
    else:
        out.write_text(text, encoding="utf-8")
        typer.echo(out)


def run() -> None:
    """The ``pipeline`` command: ``app`` with the process settings of pipeline.settings.process."""
    from pipeline.settings import process

    process.tune_gc()
    process.quiet_libraries()
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
