"""The reference of an item in a version, as change-log rows keep it (ChangeLogEntry.item_ref):
「f1/outsourcing.contractor_name@2」 is item contractor_name of 委託事項2 of file (1). The generator,
the resolver of imported 項目 texts, the editor's item history and the replay all speak it."""

from __future__ import annotations

import re
from dataclasses import dataclass

_FORMAT = re.compile(r"^(?:f(\d+)/)?([a-z_]+)\.([a-z0-9_]+)(?:@(\d+))?$")


@dataclass(frozen=True)
class ItemRef:
    entity: str
    attr: str
    file: int | None = None  # 1 for file (1), in the sections that repeat per file
    entry: int | None = None  # 1 for the first entry of a repeating group

    def __str__(self) -> str:
        file = f"f{self.file}/" if self.file else ""
        entry = f"@{self.entry}" if self.entry else ""
        return f"{file}{self.entity}.{self.attr}{entry}"

    @classmethod
    def parse(cls, text: str) -> ItemRef | None:
        found = _FORMAT.match(text or "")
        if not found:
            return None
        file, entity, attr, entry = found.groups()
        return cls(entity, attr, int(file) if file else None, int(entry) if entry else None)
