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
_REPLACE = {**LIGATURES, **HYPHENS, SOFT_HYPHEN: ""}
_REPLACE_KEEP_HYPHENS = {**LIGATURES, SOFT_HYPHEN: ""}
# what browsers print at an automatic hyphenation point: a line ending in it is a broken word
AUTO_HYPHEN = "\u2010"


def clean_text(text: str, keep_hyphens: bool = False) -> str:
    """NFC, ligatures spelled out, Unicode hyphens as "-", soft hyphens removed. The PDF reader
    keeps U+2010 on words (``keep_hyphens``) until lines are joined: it marks a hyphenation point."""
    # one str.replace per character, not str.translate: translate looks every character of a
    # non-ASCII text up in its table (~3 ms for a 60 kB report); no replacement holds a replaced
    # character, so the order of the replacements does not matter
    for ch, spelled in (_REPLACE_KEEP_HYPHENS if keep_hyphens else _REPLACE).items():
        if ch in text:
            text = text.replace(ch, spelled)
    return unicodedata.normalize("NFC", text)
