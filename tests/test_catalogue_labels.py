"""The form's labels are spelled once, in the catalogue (#32 item 14): where code means a label of
the form (a field of a form, a model's verbose name, a column of the 計画管理書), it reads it from
reports/structure, so that correcting a label there corrects every screen, export and message."""

from __future__ import annotations

import ast
from pathlib import Path

from pia_portal.reports.structure import items as i
from pia_portal.reports.structure.nodes import FormKind, Item

ROOT = Path(__file__).resolve().parent.parent / "pia_portal"


def catalogue_labels() -> set[str]:
    labels = {kind.label for kind in FormKind}
    for item in vars(i).values():
        if isinstance(item, Item):
            label = item.label
            for text in label.values() if isinstance(label, dict) else [label]:
                if isinstance(text, str) and len(text) >= 3:
                    labels.add(text)
    return labels


def literals(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value) for node in ast.walk(tree)
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
        and node.body and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)
    }
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            yield node.lineno, node.value


# Labels that are also plain words of the domain with a meaning of their own here: the 計画管理書's
# and the publication's 提出日 (to the 委員会 or of the plan), the entities' names.
ALSO_WORDS = {"提出日", "No.", "委託事項", "提供先", "移転先", "記録項目", "その他のリスク対策"}


def test_no_label_of_the_form_is_spelled_outside_the_catalogue():
    labels = catalogue_labels() - ALSO_WORDS
    assert {"事務の名称", "公表日", "評価書名", "評価書番号", "委託先名", "基礎項目評価書"} <= labels
    spelled = [
        f"{path.relative_to(ROOT)}:{line} 「{text}」"
        for path in ROOT.rglob("*.py")
        if "migrations" not in path.parts and "structure" not in path.parts
        for line, text in literals(path) if text in labels
    ]
    assert not spelled, "\n".join(spelled)
