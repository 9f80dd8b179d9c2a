"""Section trees: the expected headings of every seed, the issue's structural checks, tree properties,
and small synthetic texts for each heading style (clean and OCR)."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from builder.document import Document
from builder.facts import Section
from builder.normalise import fold, match_key
from builder.read import Source, read_source
from builder.segment import segment
from tests.conftest import DATA, SEED_NAMES, seed

SECTIONS = DATA / "sections"


@cache
def _segmented(prefix: str) -> tuple[Document, tuple[Section, ...]]:
    doc = Document.from_source(read_source(seed(prefix)))
    return doc, tuple(segment(doc))


def _doc(text: str, name: str = "t.txt") -> tuple[Document, list[Section]]:
    doc = Document.from_source(Source(name=name, path=Path(name), text=text, sha256="0"))
    return doc, segment(doc)


def _key(text: str) -> str:
    return " ".join(re.sub(r"[^\w%]+", " ", fold(text)).split())


def _line(doc: Document, offset: int) -> int:
    return doc.text.count("\n", 0, offset) + 1


def _rows(doc: Document, sections: tuple[Section, ...] | list[Section]) -> list[tuple[str, ...]]:
    by_key = {s.key: s for s in sections}
    rows = []
    for s in sections:
        if s.kind == "preamble":
            continue
        parent = by_key[s.parent] if s.parent else None
        parent_number = (parent.number or parent.kind) if parent else "-"
        rows.append((s.kind, s.number or "-", parent_number, str(_line(doc, s.start)), _key(s.title)))
    return rows


def _expected(prefix: str) -> tuple[list[tuple[str, ...]], list[int]]:
    rows, absent = [], []
    for line in (SECTIONS / f"{prefix}.tsv").read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or line.startswith("kind\t") or not line.strip():
            continue
        kind, number, title_prefix, parent, lineno, _note = (line.split("\t") + [""])[:6]
        if kind == "absent":
            absent.append(int(lineno))
        else:
            rows.append((kind, number, parent, lineno, title_prefix))
    return rows, absent


PREFIXES = [n[:3] for n in SEED_NAMES]


@pytest.mark.parametrize("prefix", PREFIXES)
def test_sections_match_the_expected_file(prefix: str) -> None:
    doc, sections = _segmented(prefix)
    expected, absent = _expected(prefix)
    got = _rows(doc, sections)
    missing = [e for e in expected if not any(g[:4] == e[:4] and g[4].startswith(e[4]) for g in got)]
    extra = [g for g in got if not any(g[:4] == e[:4] and g[4].startswith(e[4]) for e in expected)]
    assert not missing, f"expected sections not found: {missing[:5]}"
    assert not extra, f"sections not in tests/data/sections/{prefix}.tsv: {extra[:5]}"
    starts = {_line(doc, s.start) for s in sections}
    assert not [n for n in absent if n in starts], "a section starts on a line marked absent"


@pytest.mark.parametrize("prefix", PREFIXES)
def test_tree_properties_on_seeds(prefix: str) -> None:
    doc, sections = _segmented(prefix)
    assert len(sections) > 40
    _check_tree(doc, list(sections))


def _check_tree(doc: Document, sections: list[Section]) -> None:
    text = doc.text
    keys = [s.key for s in sections]
    assert keys == [f"s{i + 1:04d}" for i in range(len(sections))]
    by_key = {s.key: s for s in sections}
    assert [s.start for s in sections] == sorted(s.start for s in sections)
    for s in sections:
        assert 0 <= s.start <= s.end <= len(text)
        ev = s.title_evidence
        assert text[ev.start : ev.end] == ev.quote
        assert s.start <= ev.start <= ev.end <= s.end or ev.start == ev.end == s.start
        assert s.title in text[s.start : s.end] or s.title == ""
        assert text[s.start : s.end] == text[s.start : s.end].strip() or s.start == s.end
        if s.parent is None:
            assert s.level == 1
        else:
            parent = by_key[s.parent]
            assert keys.index(parent.key) < keys.index(s.key)
            assert parent.level + 1 == s.level
            assert parent.start <= s.start and s.end <= parent.end, (parent, s)
    # Siblings do not overlap.
    children: dict[str | None, list[Section]] = {}
    for s in sections:
        children.setdefault(s.parent, []).append(s)
    for group in children.values():
        for a, b in zip(group, group[1:], strict=False):
            assert a.end <= b.start, (a, b)


def _find(sections: tuple[Section, ...] | list[Section], kind: str, number: str | None = None,
          parent: Section | None = None, title: str | None = None) -> Section:
    hits = [
        s for s in sections
        if s.kind == kind and (number is None or s.number == number)
        and (parent is None or s.parent == parent.key)
        and (title is None or match_key(s.title).startswith(match_key(title)))
    ]
    assert len(hits) == 1, f"{kind} {number} {title}: {len(hits)} matches"
    return hits[0]


def test_003_targets_tree() -> None:
    """PHẦN THỨ HAI › II. QUAN ĐIỂM, MỤC TIÊU, CHỈ TIÊU › 3. Các chỉ tiêu chủ yếu › items (1)…"""
    _, secs = _segmented("003")
    part = _find(secs, "part", "THỨ HAI")
    roman = _find(secs, "roman", "II", part, "QUAN ĐIỂM, MỤC TIÊU, CHỈ TIÊU")
    targets = _find(secs, "arabic", "3", roman, "Các chỉ tiêu chủ yếu")
    assert roman.title == "QUAN ĐIỂM, MỤC TIÊU, CHỈ TIÊU"
    below = [s for s in secs if targets.start < s.start < targets.end]
    items = [s.number for s in below if s.kind == "item"]
    clauses = [s.number for s in below if s.kind == "clause"]
    assert clauses == ["a", "b"]
    assert items == ["(1)", "(2)"] + [f"({i})" for i in range(1, 22)]
    growth = _find(below, "item", "(1)", title="Tăng trưởng GRDP")
    assert growth.title_evidence.quote.startswith("(1) Tăng trưởng GRDP giai đoạn 2026 - 2030")


def test_001_appendices_and_targets_part() -> None:
    _, secs = _segmented("001")
    appendices = [s for s in secs if s.kind == "appendix"]
    assert [a.number for a in appendices] == ["01", "02", "03"]
    assert all(a.parent is None for a in appendices)
    assert match_key(appendices[1].title).startswith("he thong cac chi tieu")
    assert all(any(t.kind == "table" and t.parent == a.key for t in secs) for a in appendices)
    part = _find(secs, "part", "II")
    assert "2025 - 2030" in part.title
    roman = _find(secs, "roman", "III", part)
    assert match_key(roman.title).startswith("muc tieu chi tieu")
    targets = _find(secs, "arabic", "2", roman)
    assert match_key(targets.title).startswith("cac chi tieu")


def test_001_notes_are_told_from_items() -> None:
    _, secs = _segmented("001")
    notes = [int(s.number) for s in secs if s.kind == "footnote"]
    assert notes == list(range(1, 54))  # numbered across the whole document
    lessons = _find(secs, "arabic", "2", title="Nhirng bai hoc kinh nghiem")
    assert [s.number for s in secs if s.parent == lessons.key] == ["(1)", "(2)", "(3)", "(4)", "(5)"]


def test_002_articles() -> None:
    _, secs = _segmented("002")
    articles = [s for s in secs if s.kind == "article"]
    assert [a.number for a in articles] == ["1", "2", "3"]
    assert all(a.parent is None and a.level == 1 for a in articles)
    assert articles[0].title_evidence.quote.startswith("Picu 1.")  # OCR for "Điều 1."
    clauses = [s.number for s in secs if s.kind == "clause" and s.parent and s.start > articles[1].start]
    assert "l" in clauses  # "1)" read for "l)" between k) and m)


def test_clean_footnotes_and_tables() -> None:
    doc3, s3 = _segmented("003")
    notes = [s for s in s3 if s.kind == "footnote"]
    assert [int(n.number) for n in notes] == list(range(1, 86))
    assert all(n.title_evidence.quote[0] in "¹²³⁴⁵⁶⁷⁸⁹" for n in notes)
    tables = [s for s in s3 if s.kind == "table"]
    assert len(tables) == 8 and all("\t" in doc3.text[t.start : t.end] for t in tables)
    _, s4 = _segmented("004")
    assert sum(1 for s in s4 if s.kind == "footnote") == 61  # U+FFFD marks starting a line


# --- synthetic texts -----------------------------------------------------------------------------

CLEAN = """BÁO CÁO CHÍNH TRỊ

PHẦN THỨ NHẤT
KẾT QUẢ THỰC HIỆN

I. KẾT QUẢ ĐẠT ĐƯỢC
1. Kinh tế tăng trưởng khá
1.1. Công nghiệp
Giá trị sản xuất tăng cao trong giai đoạn
1. Các dịch vụ tài chính phát triển mạnh.
1.2. Nông nghiệp
2. Văn hóa - xã hội
II. HẠN CHẾ
PHẦN THỨ HAI
I. MỤC TIÊU
1. Các chỉ tiêu chủ yếu
a) Về kinh tế
(1) Tăng trưởng GRDP bình quân 10%/năm;
(2) Thu ngân sách đạt 100 tỷ đồng.
b) Về xã hội
(3) Tỷ lệ hộ nghèo dưới 1%.
PHỤ LỤC 01
TT\tChỉ tiêu\tĐơn vị\tKết quả
1\tTăng trưởng\t%\t10
2\tThu ngân sách\tTỷ đồng\t100
"""


def test_synthetic_clean_tree() -> None:
    doc, secs = _doc(CLEAN)
    _check_tree(doc, secs)
    got = [(s.kind, s.number, s.level) for s in secs]
    assert got == [
        ("preamble", None, 1),
        ("part", "THỨ NHẤT", 1), ("roman", "I", 2), ("arabic", "1", 3), ("arabic", "1.1", 4),
        ("arabic", "1.2", 4), ("arabic", "2", 3), ("roman", "II", 2),
        ("part", "THỨ HAI", 1), ("roman", "I", 2), ("arabic", "1", 3), ("clause", "a", 4),
        ("item", "(1)", 5), ("item", "(2)", 5), ("clause", "b", 4), ("item", "(3)", 5),
        ("appendix", "01", 1), ("table", None, 2),
    ]
    part = secs[1]
    assert part.title == "KẾT QUẢ THỰC HIỆN"
    assert secs[2].title == "KẾT QUẢ ĐẠT ĐƯỢC" and secs[2].title_evidence.quote == "I. KẾT QUẢ ĐẠT ĐƯỢC"


OCR = """PHAN THU HAI
MUC TIEU, NHIEM VU

I1. MUC TIEU, CHI TIEU
1- Muc tiéu chung
2- Cac chi tiéu chii yéu
2.1- Vé kinh té
(1) Tang truéng GRDP binh quan 10%/nam.
(2) Thu ngan sach dat 100 ty dong.
Piéu 1. Két qua thuc hién Nghi quyét
"""


def test_synthetic_ocr_headings() -> None:
    doc, secs = _doc(OCR)
    _check_tree(doc, secs)
    got = [(s.kind, s.number, s.level) for s in secs]
    assert got == [
        ("part", "THU HAI", 1), ("roman", "II", 2), ("arabic", "1", 3), ("arabic", "2", 3),
        ("arabic", "2.1", 4), ("item", "(1)", 5), ("item", "(2)", 5), ("article", "1", 1),
    ]
    assert secs[-1].title == "Két qua thuc hién Nghi quyét"


def test_wrapped_lines_are_not_headings() -> None:
    text = (
        "I. KINH TE\n1. Tang truong\nTong von dau tu dat\n120.698 ty dong, gap 2 lan giai doan\n"
        "1. Cac dich vu tai chinh phat trien.\nNam 2020 hoan thanh ke hoach den nam\n2050. Trien khai.\n"
        "2. Xa hoi\n"
    )
    doc, secs = _doc(text)
    assert [(s.kind, s.number) for s in secs] == [("roman", "I"), ("arabic", "1"), ("arabic", "2")]


def test_ocr_notes_versus_items() -> None:
    text = (
        "Mo dau van ban dai.\n\n(1) Ghi chu mot ve lich su.\n\nI. KET QUA\nNoi dung co chu thich.\n\n"
        "(2) Ghi chu hai.\n(3) Ghi chu ba.\n\nII. BAI HOC\nCac bai hoc:\n(1) Bai hoc mot;\n(2) Bai hoc hai;\n"
        "(3) Bai hoc ba.\nIII. KET LUAN\nNoi dung tiep theo.\n\n(4) Ghi chu bon dai dong.\n"
    )
    doc, secs = _doc(text)
    _check_tree(doc, secs)
    notes = [s.number for s in secs if s.kind == "footnote"]
    items = [s.number for s in secs if s.kind == "item"]
    assert notes == ["1", "2", "3", "4"]
    assert items == ["(1)", "(2)", "(3)"]


def test_pipe_table_and_superscript_note() -> None:
    text = (
        "PHU LUC 02\nCAC CHI TIEU\n\nSTT | Chi tieu | Muc tieu\n1 | Tang truong | 10%\n"
        "2 | Thu ngan sach | 100\ngarbled row 12 13\n3 | Ho ngheo | 0\n\n¹ Theo Nghị quyết số 1.\n"
    )
    doc, secs = _doc(text)
    _check_tree(doc, secs)
    assert [(s.kind, s.number) for s in secs] == [("appendix", "02"), ("table", None), ("footnote", "1")]
    table = secs[1]
    assert doc.text[table.start : table.end].endswith("3 | Ho ngheo | 0")


def test_no_headings_gives_a_preamble() -> None:
    doc, secs = _doc("Một đoạn văn không có tiêu đề.\nDòng thứ hai.")
    assert [(s.kind, s.level, s.parent) for s in secs] == [("preamble", 1, None)]
    assert secs[0].title == "Một đoạn văn không có tiêu đề."


_FRAGMENTS = st.sampled_from([
    "PHẦN THỨ NHẤT", "PHAN II", "I. KẾT QUẢ", "II- HAN CHE", "I1. MUC TIEU", "A. VỀ KINH TẾ", "1. Kinh tế",
    "2- Xa hoi", "1.1. Công nghiệp", "2.1- Ve kinh te", "1.1.1. Chi tiết", "(1) Tăng trưởng 10%;",
    "(2) Thu ngân sách.", "(38) Ghi chú.", "a) Về kinh tế", "b) Về xã hội", "Điều 1. Kết quả",
    "Piéu 2. Ke hoach", "PHỤ LỤC 01", "PHU LUC 02", "TT\tChỉ tiêu\tĐơn vị", "1\tTăng trưởng\t%",
    "1 | Chi tieu | 10", "² Ghi chú cuối trang.", "\ufffd Ghi chú.", "Văn bản thường, tiếp tục",
    "câu văn kết thúc.", "", "  ", "2025. Triển khai", "Phụ lục kèm theo",
])


@settings(max_examples=150, deadline=None)
@given(st.lists(_FRAGMENTS, max_size=30), st.sampled_from(["\n", "\r\n"]))
def test_tree_properties_on_arbitrary_headings(lines: list[str], newline: str) -> None:
    doc, secs = _doc(newline.join(lines))
    _check_tree(doc, secs)


@pytest.mark.parametrize(
    ("line", "opens"),
    [("Điều 2. Mục tiêu, chỉ tiêu", True), ("Piéu 2. Muc tiéu, chi tiéu", True), ("PHẦN THỨ HAI", True),
     ("PH4N THW HAI", True), ("2. Các chỉ tiêu chủ yếu", False), ("- Điều chỉnh quy hoạch 2 khu", False)],
)
def test_opens_part_or_article_on_the_repaired_view(line: str, opens: bool) -> None:
    """What ends an OCR results table: the next part or article, also as OCR spells it."""
    from builder.layout import opens_part_or_article

    doc = Document.from_source(Source(name="x.txt", path=Path("x.txt"), text=line, sha256="0"))
    assert opens_part_or_article(doc.views.repaired.text) is opens
