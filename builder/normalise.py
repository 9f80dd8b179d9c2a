"""Source → matching views, each with an exact map back to source offsets.

Three views are derived from a :class:`~builder.read.Source` (whose text is never changed):

``nfc``
    Unicode NFC. Equal to the source for clean files; differs where a file stores decomposed marks.
``folded``
    Lower-cased, diacritics removed, ``đ`` → ``d``, compatibility characters (ligatures, superscript
    digits) expanded. ``Tỷ lệ hộ nghèo`` → ``ty le ho ngheo``.
``repaired``
    ``folded`` with the common confusions of Vietnamese OCR undone, first one character for one character:
    ``P``/``p`` for ``Đ`` before a vowel (``Pang`` → ``dang``),
    ``1``/``I`` for ``l`` inside words (``ty 1é`` → ``ty le``, ``quan Iy`` → ``quan ly``), digits for
    ``ô`` inside words (``s6`` → ``so``), ``q`` for ``ộ`` (``HQI`` → ``hoi``), ``w`` for ``ư``,
    ``j`` for ``ị``, ``f`` for ``í`` (``Lé fch`` → ``le ich``) and stray marks (``¢ € ©`` → ``e``,
    ``¥`` → ``y``). ``B`` read for ``Đ`` cannot be told from a real ``B``: patterns accept ``[bd]``
    where it matters. Then word by word (:mod:`builder.respell`), which may shorten the text: a token that
    is not a Vietnamese syllable is read back through a dictionary (``chirc`` → ``chuc``, ``nudc`` → ``nuoc``),
    and ``°/o`` after a number is ``%``. The repaired view has its own offset map.

Every view character ``i`` came from ``source[starts[i]:ends[i]]``; :meth:`View.span` maps a view
range back to the source range that produced it, so ``source[s:e]`` is the exact quote.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from .read import Source
from .respell import edits as respell_edits
from .respell import replaced, respell_text


@dataclass(frozen=True)
class View:
    """A derived text and, for each of its characters, the source range it came from."""

    text: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]
    source_length: int

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Map the view range ``[start, end)`` to the source range that produced it."""
        if not 0 <= start <= end <= len(self.text):
            raise ValueError(f"range {start}:{end} outside view of length {len(self.text)}")
        if start == end:
            pos = self.starts[start] if start < len(self.text) else self.source_length
            return pos, pos
        return self.starts[start], self.ends[end - 1]

    def to_view(self, source_offset: int) -> int:
        """The first view index whose source range starts at or after ``source_offset``."""
        import bisect

        return bisect.bisect_left(self.starts, source_offset)


@dataclass(frozen=True)
class Views:
    """The matching views of one source."""

    source: Source
    nfc: View
    folded: View
    repaired: View
    aligned: str = ""  # the source character behind each repaired view character (its first, for a merged one)

    def quote(self, start: int, end: int) -> str:
        return self.source.text[start:end]


# --- character folding -------------------------------------------------------------------------

_SPECIAL = {"đ": "d", "Đ": "d", "ð": "d", "Ð": "d", "\u00a0": " ", "\u2009": " ", "\u202f": " "}


@lru_cache(maxsize=4096)
def fold_char(ch: str) -> str:
    """Fold one character: lower case, no marks, compatibility forms expanded. May return ''."""
    if ch in _SPECIAL:
        return _SPECIAL[ch]
    if ch.isascii():
        return ch.lower()
    decomposed = unicodedata.normalize("NFKD", ch)
    out = "".join(c for c in decomposed if not unicodedata.combining(c))
    out = out.replace("đ", "d").replace("Đ", "d")
    return out.lower()


def fold(text: str) -> str:
    """Folded form of a string (for labels, queries and dictionary keys)."""
    return "".join(fold_char(c) for c in text)


def _char_class(chars: Iterable[str]) -> str:
    return "[" + "".join(re.escape(c) for c in sorted(chars)) + "]"


def _fold_view(text: str) -> View:
    n = len(text)
    table = {ord(ch): fold_char(ch) for ch in set(text)}
    special = {chr(k) for k, v in table.items() if len(v) != 1}
    if not special:
        # Fast path (every clean NFC text): one folded character per source character.
        return View(text.translate(table), tuple(range(n)), tuple(range(1, n + 1)), n)
    starts: list[int] = []
    ends: list[int] = []
    pos = 0
    for m in re.finditer(_char_class(special) + "+", text):
        starts.extend(range(pos, m.start()))
        ends.extend(range(pos + 1, m.start() + 1))
        for i in range(m.start(), m.end()):
            out = table[ord(text[i])]
            if not out:
                # A combining mark or other dropped character: it belongs to the previous character.
                if ends:
                    ends[-1] = i + 1
                continue
            starts.extend([i] * len(out))
            ends.extend([i + 1] * len(out))
        pos = m.end()
    starts.extend(range(pos, n))
    ends.extend(range(pos + 1, n + 1))
    return View(text.translate(table), tuple(starts), tuple(ends), n)


def _nfc_view(text: str) -> View:
    n = len(text)
    present = set(text)
    marks = {c for c in present if unicodedata.combining(c)}
    changed = {c for c in present if unicodedata.normalize("NFC", c) != c} - marks
    if not marks and not changed:
        return View(text, tuple(range(n)), tuple(range(1, n + 1)), n)  # every clean NFC text
    # Only a character followed by marks (a cluster, normalised as a whole) or a character NFC changes
    # maps to anything but itself; everything between such clusters is copied one to one.
    alternatives = []
    if marks:
        alternatives.append(f"[^{_char_class(marks)[1:-1]}]?{_char_class(marks)}+")
    if changed:
        alternatives.append(_char_class(changed))
    chars: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    pos = 0
    for m in re.finditer("|".join(alternatives), text, re.DOTALL):
        chars.append(text[pos : m.start()])
        starts.extend(range(pos, m.start()))
        ends.extend(range(pos + 1, m.start() + 1))
        i = m.start()
        while i < m.end():
            j = i + 1
            while j < m.end() and unicodedata.combining(text[j]):
                j += 1
            cluster = unicodedata.normalize("NFC", text[i:j])
            chars.append(cluster)
            starts.extend([i] * len(cluster))
            ends.extend([j] * len(cluster))
            i = j
        pos = m.end()
    chars.append(text[pos:])
    starts.extend(range(pos, n))
    ends.extend(range(pos + 1, n + 1))
    return View("".join(chars), tuple(starts), tuple(ends), n)


# --- OCR repair ----------------------------------------------------------------------------------

_VOWELS = "aeiouy"
_STRAY = {"¢": "e", "€": "e", "©": "e", "¥": "y", "§": "s"}
_STRAY_TABLE = str.maketrans(_STRAY)
_CANDIDATE = re.compile(r"[p160qwjf]|l(?=[\d.,]*\d)")
_WORD = re.compile(r"\w")


def _is_letter(c: str) -> bool:
    return c.isalpha()


def repair_folded(folded: str, original: str | None = None) -> str:
    """Undo common OCR confusions in folded text, character for character.

    ``original`` is the unfolded text aligned with ``folded`` (same length) when available; it lets
    the repair see upper-case ``I`` (read for ``l``). Without it, only case-free rules apply.
    """
    chars = list(folded.translate(_STRAY_TABLE))
    n = len(chars)
    # Only these characters can change; none of the rules turns a letter into a non-letter, and the
    # positions are visited in order, so this gives what a pass over every character would.
    positions = [m.start() for m in _CANDIDATE.finditer(folded)]
    if original is not None:
        positions = sorted({*positions, *(m.start() for m in re.finditer("I", original))})
    for i in positions:
        c = chars[i]
        prev = chars[i - 1] if i > 0 else " "
        nxt = chars[i + 1] if i + 1 < n else " "
        word_start = not _is_letter(prev) and not prev.isdigit()
        if c == "p" and word_start and nxt in _VOWELS:
            chars[i] = "d"  # Đ read as P: "Pang" → dang, "Piéu" → dieu (Vietnamese p- is ph-)
        elif c == "1" and (_is_letter(prev) or word_start) and nxt in _VOWELS and not prev.isdigit():
            if not (i + 2 < n and chars[i + 2].isdigit()):
                chars[i] = "l"  # "ty 1é" → ty le, "1am" → lam
        elif c in "60" and _is_letter(prev) and not (i + 1 < n and chars[i + 1].isdigit()):
            chars[i] = "o"  # "s6" → so, "d6i" → doi
        elif c == "l" and not _is_letter(prev) and re.match(r"l[\d.,]*\d(?![a-z])", "".join(chars[i : i + 12])):
            chars[i] = "1"  # "l00%" → 100%, "l0 xã" → 10 xã: a number whose 1 was read as l
        elif c == "q" and nxt != "u" and _is_letter(prev):
            chars[i] = "o"  # "HQI" → hoi
        elif c == "w" and _is_letter(prev):
            chars[i] = "u"  # "phwong" → phuong
        elif c == "j" and _is_letter(prev):
            chars[i] = "i"  # "dja" → dia
        elif c == "f" and word_start and nxt == "c":
            chars[i] = "i"  # "fch" → ich
        elif c == "i" and original is not None and original[i] == "I" and word_start:
            if nxt.isalpha() and original[i + 1 : i + 2].islower() or nxt in "e":
                chars[i] = "l"  # "quan Iy" → quan ly, "Ty I¢" → ty le
    return "".join(chars)


# --- word-level OCR repair (may shorten the text: builder.respell) -----------------------------------


def _edited(view: View, edits: list[tuple[int, int, str]]) -> View:
    """*view* with each range ``[a, b)`` replaced; every replacement character maps to the whole range."""
    if not edits:
        return view
    starts: list[int] = []
    ends: list[int] = []
    pos = 0
    for a, b, new in edits:
        starts.extend(view.starts[pos:a])
        ends.extend(view.ends[pos:a])
        starts.extend([view.starts[a]] * len(new))
        ends.extend([view.ends[b - 1]] * len(new))
        pos = b
    starts.extend(view.starts[pos:])
    ends.extend(view.ends[pos:])
    return View(replaced(view.text, edits), tuple(starts), tuple(ends), view.source_length)


# "%" read as "°/o" after a number ("92,5°/o")
_PERCENT_READ_AS = re.compile(r"(?<=\d)°\s?/\s?o(?![a-z])")


def _symbol_edits(text: str) -> list[tuple[int, int, str]]:
    """Symbols OCR reads as several characters, in folded text: ``(start, end, replacement)``."""
    return [(m.start(), m.end(), "%") for m in _PERCENT_READ_AS.finditer(text)]


def fold_repaired(text: str) -> str:
    """Folded, OCR-repaired form of a string: what the repaired view holds for it."""
    folded = fold(text)
    key = respell_text(repair_folded(folded), text if len(folded) == len(text) else None)
    return _PERCENT_READ_AS.sub("%", key)


def aligned_original(source: str, starts: tuple[int, ...]) -> str:
    """For each view character, the source character it came from (same length as the view)."""
    return "".join(map(source.__getitem__, starts))


def make_views(source: Source) -> Views:
    """Derive the matching views of a source."""
    folded = _fold_view(source.text)
    aligned = aligned_original(source.text, folded.starts)
    chars_repaired = View(repair_folded(folded.text, aligned), folded.starts, folded.ends, folded.source_length)
    edits = sorted(respell_edits(chars_repaired.text, aligned, document=True) + _symbol_edits(chars_repaired.text))
    repaired = _edited(chars_repaired, edits)
    if edits:  # each replacement character stands on the first source character of what it replaced
        aligned = replaced(aligned, [(a, b, aligned[a] * len(new)) for a, b, new in edits])
    return Views(source=source, nfc=_nfc_view(source.text), folded=folded, repaired=repaired, aligned=aligned)


@lru_cache(maxsize=1 << 16)
def match_key(text: str) -> str:
    """The key used to compare a label with text: folded, OCR-repaired, whitespace collapsed."""
    key = fold_repaired(text)
    return " ".join(re.sub(r"[^\w%]+", " ", key).split())
