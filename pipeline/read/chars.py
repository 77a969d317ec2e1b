"""Characters as a reader should emit them: NFC, with typographic ligatures spelled out and soft
hyphens removed. Not NFKC: that would also fold "²" to "2" and "½" to "1⁄2"."""

from __future__ import annotations

import unicodedata

# compatibility ligatures PDF producers emit as one glyph, and the letters they stand for
LIGATURES = {"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl",
             "\ufb05": "st", "\ufb06": "st"}
SOFT_HYPHEN = "\u00ad"
# Unicode hyphens (Chromium prints U+2010 at a hyphenation point) read as the ASCII hyphen the
# hyphenation rules know
HYPHENS = {"\u2010": "-", "\u2011": "-"}
_TABLE = str.maketrans({**LIGATURES, **HYPHENS, SOFT_HYPHEN: ""})


def clean_text(text: str) -> str:
    """NFC, ligatures spelled out, Unicode hyphens as "-", soft hyphens removed."""
    return unicodedata.normalize("NFC", text.translate(_TABLE))
