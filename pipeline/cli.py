"""Thin command line: each command parses arguments and calls the function tests call."""

from __future__ import annotations

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
    from pipeline.profile import ProfileError, load_profile  # lazy: --help imports no pipeline module

    try:
        return load_profile(name)
    except ProfileError as exc:
        console.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from None


@app.command()
def extract(
    paths: list[Path] = typer.Argument(..., help="Report files or directories of reports (*.pdf, *.txt)."),
    out: Path = typer.Option(Path("out"), "--out", "-o", help="Output directory for the datasets."),
    profile: str = typer.Option("region-norrbotten", "--profile", "-p", help="Profile name in configs/ or a .toml path."),
    workers: int = typer.Option(0, "--workers", "-w", help="Worker processes (0 = number of CPUs)."),
    executor: str = typer.Option("local", "--executor", help="local (worker processes) or dask."),
    scheduler: str = typer.Option(None, "--scheduler", help="Dask scheduler address, e.g. tcp://10.0.0.5:8786 "
                                  "(default: start a LocalCluster)."),
    timeout: float = typer.Option(300.0, "--timeout", help="Time limit per document in seconds (0 = none)."),
    prune: bool = typer.Option(False, "--prune", help="Remove the rows of sources that are gone."),
    retry_failed: bool = typer.Option(False, "--retry-failed", help="Extract failed, timed-out and crashed sources again."),
) -> None:
    """Extract reports into Parquet datasets under OUT, incrementally and in parallel.

    Unchanged files (same sha256, pipeline version and profile) are skipped; see OUT/_manifest.parquet.

    Example: pipeline extract archive/ samples/rn-run-delarsrapport-2021-04.pdf --out out --workers 4

    Example (Dask): pipeline extract archive/ --out out --executor dask --scheduler tcp://scheduler:8786
    """
    from pipeline.batch import OutputLocked, failures_to_table, run_corpus, summary_to_table

    prof = _profile(profile)
    missing = [p for p in paths if not p.exists()]
    for p in missing:
        console.print(f"[red]error:[/red] no such file or directory: {p}")
    if missing and len(missing) == len(paths):
        raise typer.Exit(2)
    if executor not in ("local", "dask"):
        console.print(f"[red]error:[/red] --executor must be local or dask, not {executor!r}")
        raise typer.Exit(2)
    try:
        summary = run_corpus([p for p in paths if p.exists()], out, prof, workers=workers or None, executor=executor,
                             scheduler=scheduler, timeout=timeout or None, prune=prune, retry_failed=retry_failed)
    except OutputLocked as exc:
        console.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from None
    for brief in summary.reports[:REPORT_LINES]:
        typer.echo(str(brief))
    if len(summary.reports) > REPORT_LINES:
        typer.echo(f"... and {len(summary.reports) - REPORT_LINES} more reports (see OUT/reports)")
    console.print(summary_to_table(summary))
    if summary.failures or summary.gone:
        console.print(failures_to_table(summary))


@app.command()
def compare(
    report_a: str = typer.Argument(..., help="Older report: a report_id in OUT, or a source file."),
    report_b: str = typer.Argument(..., help="Newer report: a report_id in OUT, or a source file."),
    out: Path = typer.Option(Path("out"), "--out", "-o", help="Dataset directory holding the report ids."),
    profile: str = typer.Option("region-norrbotten", "--profile", "-p", help="Profile (for source files)."),
) -> None:
    """Show what changed from report A to report B: added, removed and renamed metrics, targets,
    status and trend.

    Example: pipeline compare region-norrbotten.run.delarsrapport.2021-04 region-norrbotten.run.delarsrapport.2022-04 --out out

    Example: pipeline compare samples/rn-run-delarsrapport-2021-04.txt samples/rn-run-delarsrapport-2022-04.txt
    """
    from rich.console import Console as StdoutConsole

    from pipeline.compare import changes_to_table, compare_reports

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
    from pipeline.warehouse import build_warehouse

    if not (out / "reports").is_dir():
        console.print(f"[red]error:[/red] {out} has no reports/; run pipeline extract first")
        raise typer.Exit(2)
    path = build_warehouse(out)
    typer.echo(path)


@app.command()
def debug(
    pdf: Path = typer.Argument(..., help="A PDF report."),
    page: int = typer.Option(1, "--page", "-n", help="Page number (1-based)."),
    out: Path = typer.Option(Path("debug.png"), "--out", "-o", help="PNG to write."),
    profile: str = typer.Option("region-norrbotten", "--profile", "-p", help="Profile name in configs/ or a .toml path."),
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


if __name__ == "__main__":  # pragma: no cover
    app()
