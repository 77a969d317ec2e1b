"""``extract --prune`` refuses to destroy by accident: an input root that is missing or empty (a
network share that did not mount, a typo) looks exactly like an archive whose every report was
deleted on purpose. So a prune is refused, before anything is written, when an input root is
missing or holds no source, or when it would remove more than ``MAX_PRUNE_SHARE`` of the reports
in OUT; ``force`` overrides. ``plan_prune`` is also the dry run (``--prune --dry-run``)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from pipeline.batch.inputs import SKIPPED_SYMLINK, Inputs, find_inputs
from pipeline.batch.manifest import ManifestEntry, read_manifest

MAX_PRUNE_SHARE = 0.5  # a prune that would remove more than this share of OUT's reports is refused


class PruneRefused(RuntimeError):
    """A prune that looks like an accident; the message is one line with the reason."""


@dataclass(frozen=True, slots=True)
class PrunePlan:
    gone: tuple[ManifestEntry, ...]  # sources in the manifest that are no longer there
    removed_reports: tuple[str, ...]  # report ids whose rows a prune removes
    n_reports: int  # reports in OUT before the prune
    refusal: str | None  # why a prune without force is refused; None: it may go ahead

    def lines(self) -> list[str]:
        """What a dry run prints."""
        out = [f"would remove {e.source_path}" + (f" (report {e.report_id})" if e.report_id in self.removed_reports
                                                    else "") for e in self.gone]
        out.append(f"{len(self.gone)} sources gone; {len(self.removed_reports)} of {self.n_reports} reports "
                   "would be removed")
        return out


def _empty_roots(paths: Iterable[Path], inputs: Inputs) -> list[Path]:
    """Directories among the input roots with no source in them."""
    found = [*inputs.files, *inputs.outside]
    empty = []
    for p in paths:
        if p.is_dir():
            roots = (p.resolve(), p.absolute())
            if not any(f == r or f.is_relative_to(r) for f in found for r in roots):
                empty.append(p)
    return empty


def plan_prune(input_paths: Iterable[Path | str], entries: Mapping[str, ManifestEntry], inputs: Inputs) -> PrunePlan:
    paths = [Path(p) for p in input_paths]
    gone = tuple(sorted((e for p, e in entries.items() if not Path(p).exists() and e.status != SKIPPED_SYMLINK),
                        key=lambda e: e.source_path))
    gone_paths = {e.source_path for e in gone}
    owned = {rid for e in entries.values() if (rid := e.owned_report_id) is not None}
    kept = {e.report_id for p, e in entries.items() if p not in gone_paths and e.report_id is not None}
    removed = tuple(sorted({rid for e in gone if (rid := e.owned_report_id) is not None} - kept))
    refusal = None
    if missing := [p for p in paths if not p.exists()]:
        refusal = f"input path {missing[0]} does not exist (an unmounted share or a typo?)"
    elif empty := _empty_roots(paths, inputs):
        refusal = f"input directory {empty[0]} holds no report (an unmounted share or a typo?)"
    elif removed and len(removed) > MAX_PRUNE_SHARE * len(owned):
        refusal = f"it would remove {len(removed)} of the {len(owned)} reports in OUT (more than half)"
    if refusal is not None:
        refusal = f"--prune refused, nothing removed: {refusal}; check the paths, or add --force to prune anyway"
    return PrunePlan(gone, removed, len(owned), refusal)


def preview_prune(input_paths: Iterable[Path | str], out: Path | str, follow_symlinks: bool = False) -> PrunePlan:
    """The dry run: what ``extract --prune`` would remove from OUT; reads, writes nothing."""
    paths = [Path(p) for p in input_paths]
    return plan_prune(paths, read_manifest(Path(out)), find_inputs([p for p in paths if p.exists()], follow_symlinks))
