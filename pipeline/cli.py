"""Thin command line: each command parses arguments and calls the function tests call."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console

from pipeline.profile import ProfileError, load_profile

app = typer.Typer(
    help="Swedish scorecard reports (PDF, text exports) to Parquet datasets.\n\n"
    "Example: pipeline extract samples --out out",
    no_args_is_help=True,
    add_completion=False,
)
console = Console(stderr=True)


@app.callback()
def main() -> None:
    """Swedish scorecard reports (PDF, text exports) to Parquet datasets.

    Example: pipeline extract samples --out out
    """


def _profile(name: str):
    try:
        return load_profile(name)
    except ProfileError as exc:
        console.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from None


@app.command()
def extract(
    paths: list[Path] = typer.Argument(..., help="Report files or directories of reports."),
    out: Path = typer.Option(Path("out"), "--out", "-o", help="Output directory for the datasets."),
    profile: str = typer.Option("region-norrbotten", "--profile", "-p", help="Profile name in configs/ or a .toml path."),
) -> None:
    """Extract reports into Parquet datasets under OUT.

    Example: pipeline extract samples/rn-run-delarsrapport-2021-04.pdf samples --out out
    """
    from pipeline.batch_simple import extract_paths

    prof = _profile(profile)
    missing = [p for p in paths if not p.exists()]
    for p in missing:
        console.print(f"[red]error:[/red] no such file or directory: {p}")
    if missing and len(missing) == len(paths):
        raise typer.Exit(2)
    summaries = extract_paths([p for p in paths if p.exists()], out, prof)
    for s in summaries:
        typer.echo(s)


if __name__ == "__main__":  # pragma: no cover
    app()
