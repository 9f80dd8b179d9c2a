"""The fast view builders give exactly what the plain per-character definitions give."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from builder.normalise import View, _fold_view, _nfc_view, fold_char


def reference_fold(text: str) -> View:
    chars: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for i, ch in enumerate(text):
        out = fold_char(ch)
        if not out:
            if ends:
                ends[-1] = i + 1
            continue
        for c in out:
            chars.append(c)
            starts.append(i)
            ends.append(i + 1)
    return View("".join(chars), tuple(starts), tuple(ends), len(text))


def reference_nfc(text: str) -> View:
    chars: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    i, n = 0, len(text)
    while i < n:
        j = i + 1
        while j < n and unicodedata.combining(text[j]):
            j += 1
        for c in unicodedata.normalize("NFC", text[i:j]):
            chars.append(c)
            starts.append(i)
            ends.append(j)
        i = j
    return View("".join(chars), tuple(starts), tuple(ends), n)


# Vietnamese letters precomposed and decomposed, combining marks alone, ligatures, singletons NFC changes
# (Ångström sign, Kelvin sign), Hangul jamo, newlines and ASCII.
ALPHABET = st.sampled_from(
    list("aăâeêioôơuưyđĐ ÁàẢãạ\n1.") + ["\u0301", "\u0300", "\u0323", "\u0309", "\u0303", "\u0306",
    "\u0302", "\ufb01", "\u2122", "\u2026", "\u212b", "\u212a", "\u1100", "\u1161", "\u0340", "¢"]
)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=40))
def test_fold_view_matches_reference(text: str) -> None:
    assert _fold_view(text) == reference_fold(text)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=40))
def test_nfc_view_matches_reference(text: str) -> None:
    assert _nfc_view(text) == reference_nfc(text)


def test_decomposed_seed_text_maps_clusters() -> None:
    text = "Tie\u0302\u0301n đô\u0323 ﬁ"
    view = _nfc_view(text)
    assert view.text == unicodedata.normalize("NFC", text)
    assert view.span(0, 3) == (0, 5)  # "Tiến" → its five source characters
    assert _fold_view(text).text == "tien do fi"
