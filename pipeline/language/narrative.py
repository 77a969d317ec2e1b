"""Which document blocks are whose narrative: each block goes to the innermost section that
contains it, and only when it lies in that section's own body (not its heading line)."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from pipeline.model import Block, BlockKind, Document, Section
from pipeline.structure.sections import NARRATIVE_KINDS

# headings are read for entities (company names, "Region Norrbotten"), never for facts
ENTITY_KINDS = NARRATIVE_KINDS | {BlockKind.HEADING}


@dataclass(frozen=True, slots=True)
class SectionBlock:
    section_id: str
    block: Block

    @property
    def is_narrative(self) -> bool:
        return self.block.kind in NARRATIVE_KINDS


def blocks_to_section_blocks(doc: Document, sections: tuple[Section, ...],
                             kinds: frozenset[BlockKind] = ENTITY_KINDS) -> list[SectionBlock]:
    """Blocks of ``kinds`` with the innermost section holding them, in reading order."""
    ordered = sorted(sections, key=lambda s: (s.prov.char_start, s.level))
    starts = [s.prov.char_start for s in ordered]
    out = []
    for b in doc.blocks:
        if b.kind not in kinds:
            continue
        sec = innermost_section(ordered, starts, b.prov.char_start)
        if sec is None:
            continue
        in_body = b.prov.char_start >= sec.body_start
        if in_body or b.kind == BlockKind.HEADING:
            out.append(SectionBlock(sec.section_id, b))
    return out


def innermost_section(ordered: list[Section], starts: list[int], pos: int) -> Section | None:
    """The deepest section whose span holds ``pos``; sections nest, so the latest-starting one
    that still contains it is the innermost."""
    i = bisect_right(starts, pos) - 1
    while i >= 0:
        s = ordered[i]
        if s.prov.char_start <= pos < s.prov.char_end:
            return s
        i -= 1
    return None
