"""Accent restoration of OCR wordings from the indicator vocabulary: only unambiguous words, never a guess."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from builder.link.accents import lexicon, restore
from builder.normalise import fold, match_key
from builder.pipeline import process

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@pytest.mark.parametrize(
    ("ocr", "restored"),
    [
        # as 000/001 spell them: OCR marks (¢ &) for "lệ", wrong marks (é for è), no marks at all
        ("Ty 1& ho nghéo theo chuan ngheo da chiéu", "Tỷ lệ hộ nghèo theo chuẩn nghèo đa chiều"),
        ("Ty 1¢ bao phu bao hiém y té", "Tỷ lệ bao phủ bảo hiểm y tế"),
        ("Tang truong GRDP", "Tăng trưởng GRDP"),
        ("TY LE HO NGHEO", "TỶ LỆ HỘ NGHÈO"),
    ],
)
def test_restores_indicator_wording(ocr: str, restored: str) -> None:
    assert restore(ocr) == restored


def test_unknown_words_numbers_and_punctuation_stay_as_written() -> None:
    text = "Xay dung x3 dat chuan nong thon méi kiéu mau (2024), 45-NQ/TW"
    out = restore(text)
    assert "x3" in out and "(2024), 45-NQ/TW" in out  # "x3" has no reading
    # only what the repaired view reads differently changes: "méi" (mới, ô read as é) is no syllable
    assert "mới" in out and match_key(out) == match_key(text)


def test_restoration_never_changes_the_letters() -> None:
    for ocr in ("Ty le lao dong qua dao tao", "Thu nhap binh quan dau nguoi", "thanh pho Hai Phong"):
        assert fold(restore(ocr)) == fold(ocr)


def test_lexicon_keeps_only_unambiguous_runs() -> None:
    lex = lexicon()
    assert lex[("ho", "ngheo")] == ("hộ", "nghèo")
    assert all(fold(" ".join(v)) == " ".join(k) for k, v in lex.items())
    assert ("1",) not in lex  # digits are not vocabulary


def test_ocr_seed_labels_are_restored_and_quotes_keep_the_text() -> None:
    _, facts = process(SEEDS / "000_b6a79b466e997885.txt")
    grdp = [t for t in facts.targets if fold(t.label).startswith("tang truong grdp")]
    assert grdp and grdp[0].label.startswith("Tăng trưởng GRDP")
    assert "Tăng" not in grdp[0].evidence.quote  # the quote is the OCR text, exactly


def test_clean_text_labels_are_left_alone() -> None:
    _, facts = process(SEEDS / "003_fa57fa61f79953c7.txt")
    for t in facts.targets:
        quoted = re.findall(r"\w+", t.evidence.quote)
        folded = {fold(w) for w in quoted}
        for word in re.findall(r"\w+", t.label):
            if fold(word) in folded:  # a word of the quote: written exactly as there, no mark changed
                assert word in quoted, (word, t.label, t.evidence.quote)
