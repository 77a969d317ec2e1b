"""Characters as a reader should emit them: NFC, with typographic ligatures spelled out and soft
hyphens removed. Not NFKC: that would also fold "²" to "2" and "½" to "1⁄2"."""

from __future__ import annotations

import unicodedata

# compatibility ligatures PDF producers emit as one glyph, and the letters they stand for
LIGATURES = {"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl",
             "\ufb05": "st", "\ufb06": "st"}
SOFT_HYPHEN = "\u00ad"
_TABLE = str.maketrans({**LIGATURES, SOFT_HYPHEN: ""})


def clean_text(text: str) -> str:
    """NFC, ligatures spelled out, soft hyphens removed."""
    return unicodedata.normalize("NFC", text.translate(_TABLE))
