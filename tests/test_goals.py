"""Goals, breakthroughs and tasks, and the goal each target hangs under."""

from __future__ import annotations

from functools import lru_cache

from builder.document import Document
from builder.extract.goals import attach_goals, extract_goals
from builder.extract.targets import extract_targets
from builder.facts import Goal
from builder.read import read_source
from tests.conftest import seed


@lru_cache(maxsize=8)
def doc_goals(prefix: str) -> tuple[Document, tuple[Goal, ...]]:
    doc = Document.from_source(read_source(seed(prefix)))
    return doc, tuple(extract_goals(doc))


def test_003_goals() -> None:
    doc, goals = doc_goals("003")
    for g in goals:
        assert doc.text[g.evidence.start : g.evidence.end] == g.evidence.quote
        assert len(g.label) <= 121
    kinds = [g.kind for g in goals]
    assert kinds.count("general") == 1 and kinds.count("breakthrough") == 4 and kinds.count("task") == 4
    general = next(g for g in goals if g.kind == "general")
    assert general.heading == "Mục tiêu đến năm 2030"
    assert [g.list_number for g in goals if g.kind == "breakthrough"] == ["(1)", "(2)", "(3)", "(4)"]
    assert not any(g.label.startswith("(") for g in goals)


def test_ocr_goals_002_and_001() -> None:
    _, goals2 = doc_goals("002")
    assert [g.kind for g in goals2].count("general") == 1
    assert [g.kind for g in goals2].count("task") >= 10
    _, goals1 = doc_goals("001")
    assert any(g.kind == "breakthrough" for g in goals1)
    assert any(g.kind == "general" for g in goals1)


def test_attach_goals_links_targets_to_tasks_or_general() -> None:
    doc, goals = doc_goals("003")
    targets = attach_goals(extract_targets(doc), list(goals), doc)
    by_key = {g.key: g for g in goals}
    assert all(t.goal in by_key for t in targets)
    listed = [t for t in targets if t.list_number == "(5)"]
    assert by_key[listed[0].goal].kind == "general"
    in_tasks = [t for t in targets if by_key[t.goal].kind == "task"]
    assert in_tasks and all(by_key[t.goal].section for t in in_tasks)
