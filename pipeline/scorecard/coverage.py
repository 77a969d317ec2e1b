"""Coverage accounting: no row of a scorecard table is lost without a word (issue 21).

``Tally`` follows every non-empty row of the goal and scorecard tables while they are read: a row
ends in a dataset row (its own goal or metric, or folded into one as its comment, factor or
sub-header) or is dropped with a warning that names its page and quotes its text. After the
language stage has had its say on statuses, ``account`` counts the goal and metric rows whose
status mark or symbol decodes to no status, says so once per table, and states why the report
is partial.
"""

from __future__ import annotations

import dataclasses
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from pipeline.model import Cell, Coverage, ErrorRecord, Extraction, Goal, SectionKind, Severity, StatusReading
from pipeline.settings.profile import Profile, ScorecardSettings
from pipeline.text.similarity import best_match

QUOTE_CHARS = 120  # a dropped row's text is quoted up to this many characters


def row_quote(row: tuple[Cell, ...]) -> str:
    """The row's text as printed ("a | b | c"), its marks named when it has no text."""
    text = " | ".join(c.text.replace("\n", " ") for c in row if c.text)
    if not text:
        marks = [m.symbol if m.symbol else (m.shape or "mark") for c in row for m in c.marks]
        text = f"(no text; marks: {', '.join(marks)})" if marks else "(empty)"
    return text if len(text) <= QUOTE_CHARS else text[:QUOTE_CHARS - 1] + "…"


def is_blank(row: tuple[Cell, ...]) -> bool:
    return not any(c.text or c.marks for c in row)


@dataclass
class Tally:
    read: int = 0
    written: int = 0
    errors: list[ErrorRecord] = field(default_factory=list)

    def seen(self, row: tuple[Cell, ...]) -> bool:
        """Count a row read; False for a blank row (nothing to lose)."""
        if is_blank(row):
            return False
        self.read += 1
        return True

    def kept(self, n: int = 1) -> None:
        self.written += n

    def drop(self, table_id: str, index: int, row: tuple[Cell, ...], why: str) -> None:
        page = next((c.prov.page for c in row if c.prov.page is not None), None)
        self.errors.append(ErrorRecord("scorecard", f"table {table_id} row {index + 1}"
                                                    f"{f' (page {page})' if page else ''}: {why}; row dropped: "
                                                    f"{row_quote(row)!r}", Severity.WARNING, page))

    @property
    def dropped(self) -> int:
        return len(self.errors)

    def coverage(self) -> Coverage:
        return Coverage(rows_read=self.read, rows_written=self.written, rows_dropped=self.dropped)


def factors_from_headings(goals: list[Goal], ctx, sc: ScorecardSettings, tally: Tally) -> tuple[list[Goal],
                                                                                           list[ErrorRecord]]:
    """A goal table that lists success factors, and a goal section with a factor heading the table
    does not list: the table lost that row (a page break without a repeated header made it a
    paragraph). The heading names it: it is added to the goal, counted as a row read and written,
    and said in a warning."""
    out, errors = [], []
    for g in goals:
        section = ctx.by_id.get(g.section_id) if g.section_id else None
        headings = ctx.children(section, SectionKind.SUCCESS_FACTOR) if section and g.success_factors else []
        missing = [h for h in headings
                   if best_match(h.title, list(g.success_factors))[1] < sc.factor_match_threshold]
        for h in missing:
            tally.read += 1
            tally.kept()
            errors.append(ErrorRecord("scorecard", f"goal {g.strategic_goal[:60]!r}: success factor {h.title[:80]!r} "
                                                   f"(heading on page {h.prov.page}) is missing from its goal table; "
                                                   "taken from the heading", Severity.WARNING, h.prov.page))
        out.append(dataclasses.replace(g, success_factors=(*g.success_factors, *(h.title for h in missing)))
                   if missing else g)
    return out, errors


def undecoded(status: StatusReading) -> bool:
    """A mark or symbol was printed, but it says no status."""
    return status.status is None and (status.symbol is not None or status.color is not None)


def account(ex: Extraction, profile: Profile) -> Extraction:
    """Count undecoded marks per table, warn once per table, and say why the report is partial."""
    by_table: dict[str, list[StatusReading]] = defaultdict(list)
    pages: dict[str, int | None] = {}
    for m in ex.metrics:  # an icon that says an activity's state (a play triangle) is decoded
        by_table[m.table_id].append(m.status if m.state is None else StatusReading(m.state, "state"))
        pages.setdefault(m.table_id, m.prov.page)
    for g in ex.goals:
        by_table["goals"].append(g.status)
        pages.setdefault("goals", g.prov.page)
    errors: list[ErrorRecord] = []
    total = 0
    for table_id, readings in by_table.items():
        bad = [r for r in readings if undecoded(r)]
        if not bad:
            continue
        total += len(bad)
        symbols = Counter(r.symbol or r.color or "?" for r in bad)
        what = "goal table rows" if table_id == "goals" else f"rows of table {table_id}"
        errors.append(ErrorRecord("coverage", f"{len(bad)} of {len(readings)} {what} have a status mark that "
                                              f"decodes to no status ({', '.join(f'{s} ×{n}' for s, n in symbols.most_common())}); "
                                              "status left null", Severity.WARNING, pages[table_id]))
    cov = dataclasses.replace(ex.scorecard.coverage if ex.scorecard else Coverage(), marks_undecoded=total)
    if cov.rows_dropped or cov.marks_undecoded:
        errors.append(ErrorRecord("coverage", f"report partial: {cov.rows_dropped} of {cov.rows_read} table rows "
                                              f"dropped, {cov.marks_undecoded} status marks undecoded"))
    return dataclasses.replace(ex, coverage=cov, errors=(*ex.errors, *errors))
