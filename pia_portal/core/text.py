"""Text hygiene applied wherever text enters the portal (editor, imports, comments, names).

Stored prose is kept as typed except for characters that have no business in an official
document and can hurt: NUL and other control characters (PostgreSQL refuses NUL outright) and the
bidirectional overrides that make text display differently from what it is (Trojan Source).
Identifiers (評価書番号) are normalised with NFKC; prose is not, as NFKC would rewrite ①, ㈱ and 〜.
"""

from __future__ import annotations

import re
import unicodedata

# Longest texts any path stores: the longest cell seen in published reports is under 1,000
# characters; these bounds only stop abuse, and the editor and the importers share them.
MAX_TEXT_LENGTH = 100_000
MAX_LINE_LENGTH = 2_000

# U+202A–U+202E embeddings and overrides, U+2066–U+2069 isolates, U+200E/U+200F marks, U+061C.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")
# Characters that print as nothing: a text made of them is blank (a reason of one zero-width space
# is no reason), and a word with one inside cannot be found by search.
INVISIBLE = frozenset("\u200b\u2060\ufeff\u180e")


def clean_text(value: str | None, *, multiline: bool = True) -> str:
    """Line breaks normalised to \\n (kept only in multi-line texts); control and bidi characters
    removed; trailing white space dropped."""
    if not value:
        return ""
    value = str(value).replace("\r\n", "\n").replace("\r", "\n")
    keep = "\n\t" if multiline else "\t"
    cleaned = "".join(
        ch for ch in value
        if ch not in BIDI_CONTROLS and ch not in INVISIBLE and (ch in keep or unicodedata.category(ch) not in ("Cc", "Cs"))
    )
    if not multiline:
        cleaned = cleaned.replace("\n", " ")
    return cleaned.rstrip()


def safe_file_name(name: str, *, default: str = "file", max_length: int = 100) -> str:
    """A file name that is safe in a storage path and in a Content-Disposition header: no directory
    parts, no control or bidi characters, nothing that file systems or browsers refuse."""
    name = unicodedata.normalize("NFKC", str(name or ""))
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C" and ch not in BIDI_CONTROLS)
    name = re.sub(r'[<>:"|?*]', "_", name).strip(" .")
    if len(name) > max_length:
        stem, dot, ext = name.rpartition(".")
        name = (stem[: max_length - len(ext) - 1] + dot + ext) if dot and 0 < len(ext) <= 8 else name[:max_length]
    return name or default


# 評価書番号 as 計画管理書 number them: digits, with hyphens, underscores or dots between groups
# (「20」, 「1-2」, 「3_1」, 「10.2」). Letters and slashes never occur, and a slash would break paths.
ASSESSMENT_NUMBER_MAX = 20
ASSESSMENT_NUMBER_RE = re.compile(r"[0-9]+(?:[-_.][0-9]+)*")  # ASCII digits: the database's rule, not \d's other scripts
_DASHES = str.maketrans({c: "-" for c in "‐‑‒–—―−ー－"})


class AssessmentNumberError(ValueError):
    pass


def normalise_assessment_number(value: str) -> str:
    """「２０」→「20」, 「１－２」→「1-2」; AssessmentNumberError (in Japanese) if it is not a number."""
    number = unicodedata.normalize("NFKC", clean_text(value, multiline=False)).translate(_DASHES).strip()
    number = re.sub(r"\s+", "", number)
    if not number:
        raise AssessmentNumberError("評価書番号を入力してください。")
    if len(number) > ASSESSMENT_NUMBER_MAX:
        raise AssessmentNumberError(f"評価書番号は{ASSESSMENT_NUMBER_MAX}文字以内で入力してください。")
    if not ASSESSMENT_NUMBER_RE.fullmatch(number):
        raise AssessmentNumberError(
            "評価書番号は計画管理書の番号を数字で入力してください(区切りには「-」「_」「.」が使えます。例: 20、1-2)。"
        )
    return number
