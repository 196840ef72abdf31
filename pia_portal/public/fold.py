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


class _Folded(dict):
    """fold_char by code point, for str.translate: each character is folded once per process."""

    def __missing__(self, code: int) -> str:
        folded = self[code] = fold_char(chr(code))
        return folded


_FOLDED = _Folded()


def fold(text: str) -> str:
    """The matching key of `text` (already NFKC): as long as `text`, character for character."""
    return text.translate(_FOLDED)


def key_of(text: str) -> str:
    return fold(display(text))


GRAM = 3  # the longest piece indexed: words up to this long are found exactly


def grams(key: str) -> list[str]:
    """Every distinct piece of one to GRAM neighbouring characters of `key` (no blanks): the pieces
    of the whole key that hold no blank, which are the pieces of its words. Made by zipping the
    key with itself shifted, which keeps the loop over a report's 100,000 characters out of Python."""
    found: set[str] = set()
    for size in range(1, GRAM + 1):
        found.update(map("".join, zip(*(key[shift:] for shift in range(size)))))
    blanks = {char for char in set(key) if char.isspace()}
    return sorted(piece for piece in found if blanks.isdisjoint(piece))


def needed_grams(term: str) -> list[str]:
    """The pieces a text must have to contain `term` (a single folded word): the word itself up to
    GRAM characters (exact), beyond that its overlapping pieces of GRAM characters, which a text
    rarely has all of without the word (「介護保険料」 needs 介護保, 護保険, 保険料)."""
    if len(term) <= GRAM:
        return [term]
    return sorted({term[i:i + GRAM] for i in range(len(term) - GRAM + 1)})
