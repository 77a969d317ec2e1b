"""The section tree: perspective -> strategic goal -> success factor -> metric narrative,
plus companies under Ägarstyrning and generic headings.

Steps: blocks_to_headings (classify each heading in context) -> headings_to_sections
(spans, parents, own narrative text). A heading under a factor is a metric narrative when
it resembles one of the factor's metrics; other headings there nest under the factor, or
under the metric narrative they follow ("Interreg Aurora" under "Färdigställa EU-program").
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from functools import lru_cache

from pipeline.model import (
    Block,
    BlockKind,
    ColumnRole,
    Extraction,
    Provenance,
    Section,
    SectionKind,
    Table,
    TableKind,
)
from pipeline.settings.profile import Profile, ScorecardSettings, SectionSettings
from pipeline.text.similarity import best_match, similarity, slug

NARRATIVE_KINDS = frozenset({BlockKind.PARAGRAPH, BlockKind.LIST_ITEM})


@dataclass(frozen=True)
class Heading:
    block_index: int
    kind: SectionKind
    title: str
    level: int
    parent: int | None  # index into the headings list


def strip_prefix(text: str, prefixes: list[str]) -> str | None:
    for p in prefixes:
        if text.startswith(p):
            return text[len(p):].strip()
    return None


@lru_cache(maxsize=8)
def _goal_number_pattern(words: tuple[str, ...]) -> re.Pattern | None:
    if not words:
        return None
    alternation = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    # a goal number of one or two digits (never a year: "Mål 2030"), maybe dotted ("1.2") or lettered
    # ("2a"); then a separator, or the goal's text starting with a capital ("Mål 3 och 4" is no goal)
    return re.compile(rf"^({alternation})\s+\d{{1,2}}(?:\.\d{{1,2}})*[a-z]?(?:\s*[:.–-]\s*|\s+(?=[A-ZÅÄÖ]))(\S.*)$")


def numbered_goal(text: str, words: list[str]) -> tuple[str, str] | None:
    """(the goal word, the goal's text) of a heading that names a numbered goal: "Mål 1: Antalet
    bränder ska minska" -> ("Mål", "Antalet bränder ska minska"). A numbered heading without a
    goal word ("04 Hav och marina resurser", "Målområde 2") is a theme: None."""
    pattern = _goal_number_pattern(tuple(words))
    m = pattern.match(text.strip()) if pattern is not None else None
    return (m.group(1), m.group(2).strip()) if m else None


def goal_heading(text: str, settings: SectionSettings) -> tuple[str, str] | None:
    """(the goal word or prefix as printed, the goal's text) of a heading that names a goal:
    a goal prefix ("Strategiskt mål: ...") or a numbered goal ("Mål 1: ...")."""
    for p in settings.goal_prefixes:
        if text.startswith(p):
            return p.rstrip(": "), text[len(p):].strip()
    return numbered_goal(text, settings.goal_words)


def metric_name(text: str, sc: ScorecardSettings) -> str:
    """Metric text without the activity prefix."""
    return strip_prefix(text, sc.activity_prefixes) or text


def factor_metrics(tables: tuple[Table, ...], start: int, end: int, sc: ScorecardSettings) -> list[str]:
    """Metric names of the scorecard tables printed between two char offsets."""
    names = []
    for t in tables:
        if t.kind == TableKind.SCORECARD and start <= t.prov.char_start < end and ColumnRole.METRIC in t.roles:
            col = t.roles.index("metric")
            names += [metric_name(r[col].text, sc) for r in t.rows if len(r) > col and r[col].text]
    return names


def _structural_starts(blocks: tuple[Block, ...], sec: SectionSettings) -> list[int]:
    s = sec
    prefixes = (*s.goal_prefixes, *s.factor_prefixes)
    persp = {p.lower() for p in s.perspectives}
    companies = tuple(s.company_parents)
    heading = BlockKind.HEADING  # an enum member looked up once, not for every block
    return [b.prov.char_start for b in blocks if b.kind == heading
            and (b.text.startswith(prefixes) or b.text.lower() in persp or b.text.startswith(companies)
                 or numbered_goal(b.text, s.goal_words) is not None)]


def blocks_to_headings(blocks: tuple[Block, ...], tables: tuple[Table, ...], profile: Profile) -> list[Heading]:
    s = profile.sections
    persp = {p.lower() for p in s.perspectives}
    companies = tuple(s.company_parents)
    containers = {c.lower() for c in s.perspective_container}
    starts = _structural_starts(blocks, profile.sections) + [10**12]
    out: list[Heading] = []
    ctx: dict[str, int | None] = {"perspective": None, "goal": None, "factor": None, "metric": None,
                                  "companies": None}
    metrics: list[str] = []
    factor_title = ""
    prev_heading_idx: int | None = None  # previous block was this heading (no body between)

    def add(bi: int, kind: SectionKind, title: str, level: int, parent: int | None) -> int:
        out.append(Heading(bi, kind, title, level, parent))
        return len(out) - 1

    heading, chart = BlockKind.HEADING, BlockKind.CHART  # enum members looked up once, not for every block
    for bi, b in enumerate(blocks):
        if b.kind != heading:
            if b.kind != chart:
                prev_heading_idx = None
            continue
        t = b.text
        if (g := strip_prefix(t, s.goal_prefixes)) is not None:
            ctx.update(goal=add(bi, SectionKind.STRATEGIC_GOAL, g, 2, ctx["perspective"]),
                       factor=None, metric=None, companies=None)
        elif (numbered := numbered_goal(t, s.goal_words)) is not None:
            # a numbered goal sits where its heading level puts it: under a theme heading, if any
            parent = _parent_by_level(out, b.level) if b.level is not None else ctx["perspective"]
            level = out[parent].level + 1 if parent is not None else 2
            ctx.update(goal=add(bi, SectionKind.STRATEGIC_GOAL, numbered[1], level, parent),
                       factor=None, metric=None, companies=None)
        elif (f := strip_prefix(t, s.factor_prefixes)) is not None:
            ctx.update(factor=add(bi, SectionKind.SUCCESS_FACTOR, f, 3, ctx["goal"]), metric=None)
            end = next(x for x in starts if x > b.prov.char_start)
            metrics, factor_title = factor_metrics(tables, b.prov.char_start, end, profile.scorecard), f
        elif t.lower() in persp:
            ctx.update(perspective=add(bi, SectionKind.PERSPECTIVE, t, 1, None), goal=None, factor=None,
                       metric=None, companies=None)
        elif t.startswith(companies):
            ctx.update(companies=add(bi, SectionKind.HEADING, t, 1, None), perspective=None, goal=None,
                       factor=None, metric=None)
        elif ctx["companies"] is not None:
            add(bi, SectionKind.COMPANY, t, 2, ctx["companies"])
        elif ctx["factor"] is not None:
            _, score = best_match(t, metrics)
            if score >= s.metric_heading_threshold:
                ctx["metric"] = add(bi, SectionKind.METRIC_NARRATIVE, t, 4, ctx["factor"])
            elif ctx["metric"] is None or similarity(t, factor_title) >= s.metric_heading_threshold:
                ctx["metric"] = None
                add(bi, SectionKind.HEADING, t, 4, ctx["factor"])
            else:
                add(bi, SectionKind.HEADING, t, 5, ctx["metric"])
        else:
            add(bi, SectionKind.HEADING, t, *_heading_place(out, b, ctx, prev_heading_idx, t.lower() in containers))
        prev_heading_idx = len(out) - 1
    return out


def _heading_place(out: list[Heading], b: Block, ctx: dict[str, int | None], prev_heading_idx: int | None,
                   container: bool) -> tuple[int, int | None]:
    """(level, parent) of a heading outside the scorecard: a heading right after another one is its
    sub-heading; a perspective container ("Måluppfyllelse i perspektiv") starts afresh at level 1."""
    if container:
        ctx.update(perspective=None, goal=None, factor=None, metric=None)
        return 1, None
    parent = prev_heading_idx if prev_heading_idx is not None else _context_parent(ctx)
    if b.level is not None and prev_heading_idx is None:
        parent = _parent_by_level(out, b.level)
    return (out[parent].level + 1 if parent is not None else 1), parent


def _context_parent(ctx: dict[str, int | None]) -> int | None:
    for k in ("metric", "factor", "goal", "perspective"):
        if ctx[k] is not None:
            return ctx[k]
    return None


def _parent_by_level(out: list[Heading], level: int) -> int | None:
    for i in range(len(out) - 1, -1, -1):
        if out[i].kind == SectionKind.HEADING and out[i].level < level:
            return i
    return None


def _span_ends(headings: list[Heading], n_blocks: int) -> list[int]:
    """For each heading, the block index of the next heading at its level or above (or the end):
    one right-to-left pass with a stack, linear even when every heading nests in the one before."""
    ends = [n_blocks] * len(headings)
    stack: list[int] = []  # indexes of later headings, levels strictly increasing from the top
    for i in range(len(headings) - 1, -1, -1):
        while stack and headings[stack[-1]].level > headings[i].level:
            stack.pop()
        if stack:
            ends[i] = headings[stack[-1]].block_index
        stack.append(i)
    return ends


@lru_cache(maxsize=16384)  # pure, and a batch of one organisation's reports prints the same headings again
def title_slug(title: str) -> str:
    """The readable part of a section id."""
    return slug(title, 40)


def headings_to_sections(headings: list[Heading], blocks: tuple[Block, ...], doc_len: int) -> tuple[Section, ...]:
    ids = [f"s{i + 1:03d}-{title_slug(h.title)}" for i, h in enumerate(headings)]
    span_ends = _span_ends(headings, len(blocks))
    sections = []
    for i, h in enumerate(headings):
        hb = blocks[h.block_index]
        body_end = headings[i + 1].block_index if i + 1 < len(headings) else len(blocks)
        span_end_idx = span_ends[i]
        body = blocks[h.block_index + 1: body_end]
        text = "\n\n".join(b.text for b in body if b.kind in NARRATIVE_KINDS)
        last = blocks[span_end_idx - 1]
        char_end = last.prov.char_end if span_end_idx > h.block_index else hb.prov.char_end
        page_end = last.prov.page_end or last.prov.page
        body_start = body[0].prov.char_start if body else hb.prov.char_end
        sections.append(Section(
            section_id=ids[i], parent_id=ids[h.parent] if h.parent is not None else None, level=h.level,
            kind=h.kind, title=h.title, text=text,
            prov=Provenance(hb.prov.char_start, min(char_end, doc_len), hb.prov.page, page_end, hb.prov.bbox),
            body_start=body_start))
    return tuple(sections)


def own_blocks(section: Section, sections: tuple[Section, ...], blocks: tuple[Block, ...]) -> list[Block]:
    """Blocks of a section's own body (not its children's)."""
    later = [s.prov.char_start for s in sections if s.prov.char_start > section.prov.char_start]
    end = min(later) if later else section.prov.char_end + 1
    return [b for b in blocks if section.body_start <= b.prov.char_start < end]


def document_to_sections(ex: Extraction, profile: Profile) -> Extraction:
    blocks = ex.document.blocks
    headings = blocks_to_headings(blocks, ex.tables, profile)
    return dataclasses.replace(ex, sections=headings_to_sections(headings, blocks, len(ex.document.text)))
