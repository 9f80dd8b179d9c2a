"""Extraction quality on plan texts the extractor was not written against (``tests/data/unseen``).

Eighteen short plan excerpts of other wards, communes and provinces (People's Council resolutions, Party congress
political reports; clean and OCR-degraded), hand-annotated in ``tests/data/unseen/gold`` (format:
``tests/data/expected/README.md``). ``e_*`` and ``f_*`` were written and annotated after the extractor had
been tuned on ``a_*`` to ``d_*``, as a held-out check; ``g_*`` and ``h_*`` (a merged province's political report,
an OCR ward resolution on a one-year plan) by another hand after ``a_*`` to ``f_*`` were at 1.0, and ``i_*``, ``j_*``
(a merged ward's political report, an OCR commune resolution) the same way after ``g_*`` had been fixed, and ``k_*`` to
``n_*`` (a province's one-year plan, an OCR ward report, a Mekong commune's report, an OCR city resolution) after
``i_*`` and ``j_*`` were at 1.0, and ``o_*`` to ``r_*`` (a ward resolution whose targets are a tab table, an OCR
special zone's report, a merged province's report, an OCR commune's one-year resolution) after ``k_*`` to ``n_*``
were. The folder
is built once per module, as ``plankg build`` does, and every gold file is scored with ``plankg eval``'s
comparison. Thresholds are the levels reached when the files were added, less a small margin, so that regressions fail.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from builder.evaluate import EvalReport, Figure, compare, figures_from_graph, gold_kind, load_gold

UNSEEN = Path(__file__).resolve().parent / "data" / "unseen"
GOLD = sorted((UNSEEN / "gold").glob("*.tsv"))

# gold file → (precision, recall) floors. Clean texts: 0.95; OCR texts (c, f, h, j): 0.9. The second held-out pair
# (g, h) scored results_g R 0.588, results_h R 0.667 and targets_h P 0.850 when added; general fixes (one-year
# plan terms, a percent-of-plan comparison column, "không dưới", OCR "ước" and "l00") brought h to the floors, and
# later ones (clauses that go on with the sentence's last result: "; trong đó tỉnh A (cũ) tăng X%", "; cuối năm
# 2025 còn Y%", the next share after "chiếm"; counts before their subject "48 xã đạt chuẩn nâng cao"; "đón N lượt
# khách"; a percent of plan as the only figure; page-number lines) g, so g is no longer held out. The third pair
# (i, j: a merged ward's political report, an OCR commune resolution with a pipe table) scored, before any change
# for them: targets_i 1.000/1.000, results_i 1.000/0.692, targets_j 0.933/1.000, results_j 1.000/0.600.
# A page number between paragraphs (and the rest of a paragraph it broke), and an OCR results table that ran on
# into the next article, gave targets_h its false figures until they were handled.
# The fourth pair (k to n), before any change for them: targets_k 1.000/0.000 (the resolution's term was read from
# "chuẩn nghèo đa chiều giai đoạn 2026 - 2030" instead of its subject line "Về kế hoạch … năm 2026", so Điều 2 looked
# like a review; with the term right, 0.647, because a list item "21. Hoàn thành chỉ tiêu tuyển chọn …" was taken
# for the heading of the target list), results_k 1.000/0.947, targets_l 0.909/0.909, results_l 0.889/0.923,
# targets_m 1.000/1.000, results_m 1.000/0.639, targets_n 0.917/0.880, results_n 0.920/0.852.
# The fifth pair (o to r), before any change for them: targets_o 1.000/0.154 (the tab table of targets was cut at its
# first group row "I. Về kinh tế<TAB><TAB><TAB>"), results_o 1.000/0.690, targets_p 0.957/0.917, results_p 1.000/0.700,
# targets_q 0.973/1.000, results_q 1.000/0.827, targets_r 0.950/0.950, results_r 1.000/0.903.
# The sixth pair (s, t: heavily damaged OCR, a province resolution and a commune report), on the code before the
# word-level OCR repair (builder.respell): targets_s 1.000/0.974, results_s 1.000/0.605 (status 0.615: "virot",
# "chira dat"), targets_t 1.000/0.806, results_t 1.000/0.800; on the first respell, when the pair arrived:
# targets_s 0.974/0.949, results_s 1.000/0.651, targets_t 1.000/0.839, results_t 1.000/0.875.
FLOORS: dict[str, tuple[float, float]] = {
    "targets_h.tsv": (0.9, 0.9),
    "results_h.tsv": (0.9, 0.9),
    "results_c.tsv": (0.9, 0.9),
    "targets_c.tsv": (0.9, 0.9),
    "results_f.tsv": (0.9, 0.9),
    "targets_f.tsv": (0.9, 0.9),
    "results_j.tsv": (0.9, 0.9),
    "targets_j.tsv": (0.9, 0.9),
    "results_k.tsv": (0.95, 0.9),  # "trong đó đưa 2.150 người đi làm việc ở nước ngoài": a part with a verb of its own
    "results_l.tsv": (0.9, 0.9),
    "targets_l.tsv": (0.9, 0.9),
    "results_n.tsv": (0.9, 0.9),
    "targets_n.tsv": (0.9, 0.9),
    # works done and counts inside long sentences ("xây dựng, nâng cấp 14 km …"); the verdicts "virot chi tieu",
    # "chira dat" (ư read as "ir") are read since builder.respell
    "results_p.tsv": (0.95, 0.75),
    "targets_p.tsv": (0.9, 0.9),
    # a share list after "chiếm" within one clause ("…chiếm 30,8%, dịch vụ 42,5%, …"); "hỗ trợ N căn nhà"
    "results_q.tsv": (0.95, 0.9),
    "results_r.tsv": (0.9, 0.9),  # "náng tóng sé" (ô read as é: valid syllables, so not respelled)
    "targets_r.tsv": (0.9, 0.9),  # a target broken by a page number line
    # damage that leaves valid syllables ("ting" tăng, "bat" đạt, "d marc" ở mức) is not undone, so verbs are missed;
    # a breakdown of growth by sector inside one sentence; counts of projects ("cho 412 dự án, trong đó 187 …")
    "results_s.tsv": (0.95, 0.7),
    "targets_s.tsv": (0.95, 0.9),  # "ổn định ở mức 40 - 41%" read as two figures; an attainment with two indices
    "results_t.tsv": (0.95, 0.85),  # "Bat" (đạt), works done ("kiên cố hóa 21,4 km"), a rate inside a sentence
    "targets_t.tsv": (0.95, 0.8),  # "ting" (tăng), "dư&i" (dưới), "nông thôn m&i kiểu mẫu" with a year only
}
DEFAULT_FLOOR = (0.95, 0.95)
ATTRIBUTE_FLOOR = 0.9  # comparator, time (year and period), unit, status, target value
# Where the annotators' readings differ from the extractor's on purpose, lower floors:
ATTRIBUTE_FLOORS: dict[tuple[str, str], float] = {
    # the table's "Ước thực hiện" column names no year; the annotator gave its rows the year 2025 as well as the
    # period 2021-2025, the extractor the period only
    ("results_n.tsv", "time"): 0.65,
    # "22 bác sĩ và 75 giường bệnh trên 10.000 dân": the shared denominator is not carried to each figure
    ("targets_n.tsv", "unit"): 0.85,
    ("targets_s.tsv", "unit"): 0.85,
    # a structure list after "Năm 2025, cơ cấu kinh tế:" and table rows: the annotator's year 2025, the extractor's
    # period
    ("results_s.tsv", "time"): 0.85,
    ("results_t.tsv", "time"): 0.8,
}


@pytest.fixture(scope="module")
def unseen_figures() -> dict[str, list[Figure]]:
    """The graph's targets and results, as ``plankg eval`` reads them (queried once per kind)."""
    from builder.pipeline import build

    graph = build([UNSEEN]).graph
    return {kind: figures_from_graph(graph, kind) for kind in ("Target", "Result")}


def _report(figures: dict[str, list[Figure]], gold: Path) -> EvalReport:
    expected, scopes = load_gold(gold)
    return compare(expected, figures[gold_kind(gold)], scopes)


def test_every_unseen_text_has_gold() -> None:
    texts = {p.name[0] for p in UNSEEN.glob("*.txt")}
    assert texts == set("abcdefghijklmnopqrst")
    for letter in texts:
        assert (UNSEEN / "gold" / f"targets_{letter}.tsv").is_file()
        assert (UNSEEN / "gold" / f"results_{letter}.tsv").is_file()


@pytest.mark.parametrize("gold", GOLD, ids=lambda p: p.stem)
def test_gold_offsets_point_at_their_quotes(gold: Path) -> None:
    figures, scopes = load_gold(gold)
    assert figures and scopes
    for f in figures:
        text = (UNSEEN / f.source).read_text(encoding="utf-8")
        prefix = f.quote.replace("\\t", "\t")  # the file's first characters of the quote, line breaks as spaces
        assert " ".join(text[f.start : f.start + len(prefix)].split()) == " ".join(prefix.split())
        ranges = scopes[f.source]
        assert any(lo <= f.start < hi for lo, hi in (ranges if isinstance(ranges, list) else [ranges]))


@pytest.mark.parametrize("gold", GOLD, ids=lambda p: p.stem)
def test_precision_recall_and_attributes(unseen_figures, gold: Path) -> None:
    report = _report(unseen_figures, gold)
    p_floor, r_floor = FLOORS.get(gold.name, DEFAULT_FLOOR)
    detail = report.render()
    assert report.precision >= p_floor, detail
    assert report.recall >= r_floor, detail
    for attribute in ("comparator", "time", "unit", "status", "target"):
        assert report.accuracy(attribute) >= ATTRIBUTE_FLOORS.get((gold.name, attribute), ATTRIBUTE_FLOOR), (
            attribute, detail)


def test_metadata_detected_from_the_text() -> None:
    """No manifest: level, unit and term come from the texts themselves."""
    from builder.document import Document
    from builder.extract.metadata import detect_metadata
    from builder.read import read_source

    expected = {
        "a": ("resolution", "commune", "phường Trường Vinh", (2026, 2030)),
        "b": ("political_report", "commune", "xã Tân Phúc", (2025, 2030)),
        "c": ("political_report", "commune", "xã Yén Hoa", (2025, 2030)),  # OCR: "Yên" read as "Yén"
        "d": ("resolution", "province", "tỉnh Lâm Đồng", (2026, 2030)),
        "e": ("political_report", "commune", "phường Đông Hải", (2025, 2030)),
        "f": ("resolution", "commune", "xã Thanh Lam", (2026, 2030)),
        "g": ("political_report", "province", "tỉnh Gia Lai", (2025, 2030)),
        # a one-year plan ("Về kế hoạch … năm 2026"); the name from the OCR place-date line
        "h": ("resolution", "commune", "phường Buon Ma Thuot", (2026, 2026)),  # OCR "Thuét", respelled
        "i": ("political_report", "commune", "phường An Khánh", (2025, 2030)),  # under a bare "ĐẢNG BỘ THÀNH PHỐ"
        "j": ("resolution", "commune", "xã Tan Loc", (2026, 2030)),
        # the subject line's one-year plan, not the poverty standard's "giai đoạn 2026 - 2030" further on
        "k": ("resolution", "province", "tỉnh Quảng Trị", (2026, 2026)),
        "l": ("political_report", "commune", "phường Sam Son", (2025, 2030)),
        "m": ("political_report", "commune", "xã Cô Tô", (2025, 2030)),
        "n": ("resolution", "province", "thành phố Hue", (2026, 2030)),  # a centrally run city; OCR "Hue"
        "o": ("resolution", "commune", "phường Hội An Tây", (2026, 2030)),
        "p": ("political_report", "commune", "đặc khu Con Dao", (2025, 2030)),  # a special zone; OCR "Côn Đảo"
        "q": ("political_report", "province", "tỉnh Tuyên Quang", (2025, 2030)),
        "r": ("resolution", "commune", "xã Cai Nwoc", (2026, 2026)),  # OCR "Cái Nước"
        "s": ("resolution", "province", "tỉnh Phu Thó", (2026, 2030)),  # OCR "Phú Thọ"
        # "ĐẢNG BỘ THÀNH PHỐ HÀ NỘI" stacked over "ĐẢNG BỘ XÃ MỸ ĐỨC": the commune issues the report
        "t": ("political_report", "commune", "xã Mỹ Duc", (2025, 2030)),
    }
    for path in sorted(UNSEEN.glob("*.txt")):
        meta = detect_metadata(Document.from_source(read_source(path)))
        kind, level, unit, term = expected[path.name[0]]
        assert (meta.kind, meta.level, meta.unit_name, (meta.term_start, meta.term_end)) == (
            kind,
            level,
            unit,
            term,
        ), path.name
