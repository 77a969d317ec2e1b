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
_KEEP_HYPHENS = str.maketrans({**LIGATURES, SOFT_HYPHEN: ""})
# what browsers print at an automatic hyphenation point: a line ending in it is a broken word
AUTO_HYPHEN = "\u2010"


def clean_text(text: str, keep_hyphens: bool = False) -> str:
    """NFC, ligatures spelled out, Unicode hyphens as "-", soft hyphens removed. The PDF reader
    keeps U+2010 on words (``keep_hyphens``) until lines are joined: it marks a hyphenation point."""
    return unicodedata.normalize("NFC", text.translate(_KEEP_HYPHENS if keep_hyphens else _TABLE))
