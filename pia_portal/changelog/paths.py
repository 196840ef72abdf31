"""The 項目 column: where a changed item is, written in an organisation's house style.

Real logs name items in many ways (change_logs.md §2); the portal offers the three most common, all
built from the catalogue's own numbers and labels:

    full        II 特定個人情報ファイルの概要 (1)介護保険情報ファイル 4. 特定個人情報ファイルの取扱いの委託 委託事項2 ⑥委託先名
    compact     II(1)-4-委託事項2-⑥ 委託先名
    underscore  II 特定個人情報ファイル【(1)介護保険情報ファイル】の概要_4. 特定個人情報ファイルの取扱いの委託_委託事項2_⑥委託先名
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from pia_portal.reports.structure import Group, Place, Section
from pia_portal.reports.structure.nodes import FormRevision, resolve

FILE_WORD = "特定個人情報ファイル"


class PathStyle(enum.StrEnum):
    FULL = "full"
    COMPACT = "compact"
    UNDERSCORE = "underscore"

    @property
    def label(self) -> str:
        return {
            "full": "見出しをすべて書く(II 特定個人情報ファイルの概要 … 委託事項2 ⑥委託先名)",
            "compact": "番号で短く書く(II(1)-4-委託事項2-⑥ 委託先名)",
            "underscore": "下線で区切りファイル名を【】に書く(II 特定個人情報ファイル【(1)…】の概要_4. …)",
        }[self.value]


@dataclass(frozen=True)
class Instance:
    """An entry of a repeating group on the way to the item: 「委託事項2」 and its name cell."""

    title: str
    name: str = ""
    number: int = 0  # 1 for the first entry

    def text(self, with_name: bool) -> str:
        return f"{self.title} {self.name}" if with_name and self.name and self.name != self.title else self.title


@dataclass(frozen=True)
class ItemPath:
    """Everything that locates an item; rendered to text by `render`."""

    section: Section
    file_number: int | None  # 1 for file (1); None outside the per-file sections
    file_name: str
    groups: tuple[Group, ...]
    instances: tuple[Instance, ...]
    parents: tuple[Place, ...]  # the item a sub-row belongs to: ④記録される項目 … その妥当性
    place: Place | None  # None: the instance (or file) itself
    revision: FormRevision

    def render(self, style: PathStyle, *, with_names: bool = True) -> str:
        if style is PathStyle.COMPACT:
            return self._compact(with_names)
        if style is PathStyle.UNDERSCORE:
            return "_".join(self._parts(with_names, file_in_title=True))
        return " ".join(self._parts(with_names, file_in_title=False))

    @property
    def _file(self) -> str:
        return f"({self.file_number}){self.file_name}" if self.file_number else ""

    def _parts(self, with_names: bool, file_in_title: bool) -> list[str]:
        section = self.section.label()
        parts = []
        if self._file and file_in_title:
            title = self.section.title
            marked = (
                title.replace(FILE_WORD, f"{FILE_WORD}【{self._file}】", 1) if FILE_WORD in title else f"{title}【{self._file}】"
            )
            parts.append(f"{self.section.number} {marked}" if self.section.number else marked)
        else:
            parts.append(section)
            if self._file:
                parts.append(self._file)
        parts += [g.label(self.revision) for g in self.groups if g.label(self.revision)]
        parts += [i.text(with_names) for i in self.instances]
        parts += [p.label(self.revision) for p in self.parents]
        if self.place is not None and self.place.label(self.revision):
            parts.append(self.place.label(self.revision))
        return parts

    def _compact(self, with_names: bool) -> str:
        head = self.section.number or self.section.title
        if self.file_number:
            head += f"({self.file_number})"
        codes, words = [head], []
        for group in self.groups:
            code = _group_code(group, self.revision)
            if code:
                (words if words else codes).append(code)
        for instance in self.instances:
            (words if words else codes).append(instance.text(with_names))
        for place in [*self.parents, *([self.place] if self.place is not None else [])]:
            label = resolve(place.item.label, self.revision)
            if place.number and not words:
                codes.append(f"{place.number} {label}")
            else:
                words.append(label)
        text = "-".join(codes)
        return f"{text} {' '.join(words)}" if words else text


def _group_code(group: Group, revision: FormRevision) -> str:
    """「4」 for 「4. 特定個人情報ファイルの取扱いの委託」, 「リスク2」 for 「リスク2：不適切な方法で…」."""
    if group.number and "\u2460" <= group.number[0] <= "\u2473":
        return group.label(revision)  # ④使用の主体: a circled number alone names nothing
    if group.number:
        return group.number.rstrip(".")
    title = resolve(group.title, revision)
    return title.split("：", 1)[0] if "：" in title else title


def style_of_items(items) -> PathStyle | None:
    """The style most of a log's 項目 texts are written in (an imported log keeps the report's
    own), or None when there are none to tell by. Only the shapes the three styles print are read:
    「【…】」 with 「_」 joins, 「II(1)-4-」 numbering, anything else the full headings."""
    import re
    from collections import Counter

    compact = re.compile(r"^\s*[IVXⅠ-Ⅹ]+(?:\(\d+\))?-\d")
    votes = Counter()
    for item in items:
        item = (item or "").strip()
        if not item:
            continue
        if "_" in item and ("【" in item or re.search(r"_\d+\.", item)):
            votes[PathStyle.UNDERSCORE] += 1
        elif compact.search(item):
            votes[PathStyle.COMPACT] += 1
        else:
            votes[PathStyle.FULL] += 1
    return votes.most_common(1)[0][0] if votes else None
