"""How the public search compares text: 全角/半角, upper/lower case and カタカナ/ひらがな alike."""

from __future__ import annotations

import unicodedata

_KATAKANA = range(ord("ァ"), ord("ヶ") + 1)
_KANA_SHIFT = ord("ァ") - ord("ぁ")


def display(text: str) -> str:
    """NFKC: half-width ｶﾅ become カナ, full-width ＡＢＣ１ become ABC1, as the search shows them."""
    return unicodedata.normalize("NFKC", text or "")


def fold_char(char: str) -> str:
    code = ord(char)
    if code in _KATAKANA:
        return chr(code - _KANA_SHIFT)
    lower = char.lower()
    return lower if len(lower) == 1 else char


def fold(text: str) -> str:
    """The matching key of `text` (already NFKC): as long as `text`, character for character."""
    return "".join(fold_char(c) for c in text)


def key_of(text: str) -> str:
    return fold(display(text))


def grams(key: str) -> list[str]:
    """Every distinct character and pair of neighbouring characters of `key` (no blanks)."""
    found: set[str] = set()
    for word in key.split():
        found.update(word)
        found.update(word[i:i + 2] for i in range(len(word) - 1))
    return sorted(found)


def needed_grams(term: str) -> list[str]:
    """The grams a text must have to contain `term` (a single folded word)."""
    return [term] if len(term) <= 2 else sorted({term[i:i + 2] for i in range(len(term) - 1)})
