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


GRAM = 3  # the longest piece indexed: words up to this long are found exactly


def grams(key: str) -> list[str]:
    """Every distinct piece of one to GRAM neighbouring characters of `key` (no blanks)."""
    found: set[str] = set()
    for word in key.split():
        for size in range(1, GRAM + 1):
            found.update(word[i:i + size] for i in range(len(word) - size + 1))
    return sorted(found)


def needed_grams(term: str) -> list[str]:
    """The pieces a text must have to contain `term` (a single folded word): the word itself up to
    GRAM characters (exact), beyond that its overlapping pieces of GRAM characters, which a text
    rarely has all of without the word (「介護保険料」 needs 介護保, 護保険, 保険料)."""
    if len(term) <= GRAM:
        return [term]
    return sorted({term[i:i + GRAM] for i in range(len(term) - GRAM + 1)})
