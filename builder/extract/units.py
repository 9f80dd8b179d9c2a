"""Mentions of administrative units: ``phường Quảng Thanh``, ``huyện Thủy Nguyên``, OCR ``Phuong Lé fch Moc``.

Three kinds of mention, all matched on the OCR-repaired view and quoted from the source:

typed
    a type word (``phường``, ``xã``, ``thị trấn``, ``quận``, ``huyện``, ``huyện đảo``, ``thị xã``,
    ``thành phố``/``TP``, ``tỉnh``, ``đặc khu``; OCR forms such as ``x4``, ``xi``, ``phudng``) followed by
    a name of 1-4 syllables. A name syllable is capitalised in the source; a lower-case syllable inside
    a name (OCR ``Lé ich Moc``) is accepted only when the gazetteer knows the longer name.
list items
    bare names continuing a typed mention (``các xã A, B và C``): each item must end at a separator,
    and either the list closes with ``và`` or the gazetteer knows the name at that type.
known names
    a name already mentioned with a type word in the same document, used bare as a row label or
    list item (``(A: 39 trường hợp; B: 27 …``, ``khu vực A``), not as part of a longer proper name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..document import Document
from ..facts import UnitMention, fact_key
from ..gazetteer import Gazetteer, skeleton, skeleton_cost
from ..normalise import match_key

MAX_SYLLABLES = 4

# OCR-tolerant forms of the type words in the repaired view → the canonical Vietnamese word (also used by
# the results reader to tell a place from an indicator).
TYPE_FORMS: tuple[tuple[str, str], ...] = (
    (r"huyen dao", "huyện đảo"),
    (r"thi tr[a4]n", "thị trấn"),
    (r"thi x[a4id&]", "thị xã"),
    (r"thanh ph[oed]", "thành phố"),
    (r"[dbp]ac khu", "đặc khu"),
    (r"phu[od]?ng", "phường"),
    (r"huyen", "huyện"),
    (r"qu[a4]n", "quận"),
    (r"tinh", "tỉnh"),
    (r"x[a4id&]", "xã"),
    (r"tp\.?", "thành phố"),
)
_TYPE_RE = re.compile(
    r"(?<![\w&])(?:" + "|".join(f"(?P<t{i}>{p})" for i, (p, _) in enumerate(TYPE_FORMS)) + r")(?![\w&])"
)
# A name token in the repaired view: letters, digits and the OCR marks that stand for letters.
_TOKEN_RE = re.compile(r"[^\s,.;:()\[\]{}\"'“”‘’/|\\<>!?*+=~_–—-]+")
_GAP_RE = re.compile(r"[ \t]*\n?[ \t]*")  # between tokens of one name: spaces and at most one line break
# Words that are capitalised after a type word but open an organisation or a title, not a name
# (``Tỉnh Ủy``, ``xã Đảng bộ``): vocabulary, compared on match keys.
_NOT_NAME_START = frozenset({"uy", "dang", "nhan", "hdnd", "ubnd", "mttq", "nghi", "ban", "hoi", "doan"})
_LIST_SEP_RE = re.compile(r"[ \t]*(,|;|\bva\b|\bvà\b)[ \t]*\n?[ \t]*")
_LIST_GAP_RE = re.compile(r"[ \t]*(?:,|-|–|va|và)[ \t]*")
_ITEM_END = set(",;.:)\n") | {""}
_KNOWN_BEFORE_RE = re.compile(
    r"(?:[(;,:\-]|\(\w{1,4}\)|\bva|\bkv|\bkhu vuc|\bhop nh\w{1,3}t|\bsap nh\w{1,3}p)[ \t]*$"
)


@dataclass(frozen=True)
class _Token:
    start: int  # view offsets
    end: int
    text: str  # source text of the token
    key: str  # repaired text

    @property
    def capitalised(self) -> bool:
        c = self.text[:1]
        return c.isalpha() and c.isupper() and not (c == "I" and self.key.startswith("l"))

    @property
    def all_caps(self) -> bool:
        letters = [c for c in self.text if c.isalpha()]
        return len(letters) >= 2 and all(c.isupper() for c in letters)


def looks_ocr(text: str) -> bool:
    """True when most words lost their diacritics (OCR text), False for clean Vietnamese."""
    words = re.findall(r"[^\W\d_]+", text)
    if not words:
        return False
    return sum(1 for w in words if not w.isascii()) / len(words) < 0.5


def extract_mentions(doc: Document, gazetteer: Gazetteer | None = None) -> list[UnitMention]:
    """Unit mentions in a document, in source order, without overlaps."""
    gaz = gazetteer if gazetteer is not None else Gazetteer.load()
    ocr = doc.meta.quality == "ocr" if doc.meta.quality else looks_ocr(doc.text)
    reader = _Reader(doc, gaz, ocr)
    typed = reader.typed()
    found = [m for m, _ in typed]
    for m, tword in typed:
        found.extend(reader.list_items(m, tword))
    found.extend(reader.known_names(found))
    return _without_overlaps(found)


class _Reader:
    def __init__(self, doc: Document, gaz: Gazetteer, ocr: bool) -> None:
        self.doc = doc
        self.gaz = gaz
        self.ocr = ocr
        self.view = doc.views.repaired
        self.vtext = self.view.text

    # -- tokens --

    def _source(self, vs: int, ve: int) -> str:
        s, e = self.view.span(vs, ve)
        return self.doc.text[s:e]

    def tokens_after(self, pos: int, limit: int = MAX_SYLLABLES + 1) -> list[_Token]:
        out: list[_Token] = []
        while len(out) < limit:
            gap = _GAP_RE.match(self.vtext, pos)
            assert gap is not None
            if gap.end() == pos and out:
                break
            m = _TOKEN_RE.match(self.vtext, gap.end())
            if m is None or (gap.end() == pos and not out and pos > 0 and self.vtext[pos - 1].isalnum()):
                break
            out.append(_Token(m.start(), m.end(), self._source(m.start(), m.end()), m.group()))
            pos = m.end()
        return out

    def _name_tokens(self, toks: list[_Token], type_text: str | None, tword: str | None) -> list[_Token]:
        """The tokens of the name at the start of ``toks`` ([] when there is no name)."""
        heading = type_text is not None and type_text.isupper() and len(type_text) > 1

        def fits(t: _Token) -> bool:
            if _digits(t):
                return False
            # In clean text an initial "I" is a capital I ("Ia Tôr", "Ia Grai"), not OCR's "l".
            capitalised = t.capitalised or (not self.ocr and t.text[:1] == "I")
            return t.all_caps if heading else capitalised and not t.all_caps

        if not toks or not fits(toks[0]) or _word_key(toks[0]) in _NOT_NAME_START:
            return []
        caps: list[_Token] = []
        for t in toks[:MAX_SYLLABLES]:
            if not fits(t):
                break
            caps.append(t)
        # The longest extent the gazetteer knows; in running text one lower-case OCR syllable may sit
        # inside the name (``Lé ich Moc``).
        for n in range(min(MAX_SYLLABLES, len(toks)), 0, -1):
            ext = toks[:n]
            inside = [t for t in ext if not fits(t)]
            if not fits(ext[-1]) or len(inside) > (0 if heading else 1):
                continue
            if any(_digits(t) for t in ext):
                continue
            if self.gaz.lookup(_join(ext), tword, fuzzy=self.ocr and not heading):
                return ext
        if heading or len(caps) < 2:
            return []  # unknown: a heading gives no name boundary; one syllable is too weak alone
        return caps

    def _mention(self, vs: int, ve: int, name_toks: list[_Token], tword: str | None) -> UnitMention:
        ev = self.doc.evidence_from_view(vs, ve)
        return UnitMention(
            key=fact_key("unit", ev.start, ev.end),
            text=ev.quote,
            name=_join(name_toks),
            type_word=tword,
            evidence=ev,
        )

    # -- the three kinds --

    def typed(self) -> list[tuple[UnitMention, str]]:
        out: list[tuple[UnitMention, str]] = []
        for m in _TYPE_RE.finditer(self.vtext):
            idx = next(i for i in range(len(TYPE_FORMS)) if m.group(f"t{i}") is not None)
            tword = TYPE_FORMS[idx][1]
            type_text = self._source(m.start(), m.end())
            if not _plausible_case(type_text):
                continue
            name = self._name_tokens(self.tokens_after(m.end()), type_text, tword)
            if name:
                out.append((self._mention(m.start(), name[-1].end, name, tword), tword))
        return out

    def list_items(self, head: UnitMention, tword: str) -> list[UnitMention]:
        pos = self.view.to_view(head.evidence.end)
        items: list[tuple[int, int, list[_Token], bool]] = []
        closed = False
        while not closed:
            sep = _LIST_SEP_RE.match(self.vtext, pos)
            if sep is None:
                break
            if _TYPE_RE.match(self.vtext, sep.end()):
                break  # the next item carries its own type word: a typed mention
            closed = sep.group(1) in ("va", "và")
            name = self._name_tokens(self.tokens_after(sep.end()), None, tword)
            if not name:
                break
            end = name[-1].end
            known = bool(self.gaz.lookup(_join(name), tword, fuzzy=self.ocr))
            ends_item = self.vtext[end : end + 1] in _ITEM_END or _LIST_SEP_RE.match(self.vtext, end)
            if not ends_item and not (closed and known):
                break
            items.append((name[0].start, end, name, known))
            pos = end
        return [self._mention(s, e, toks, tword) for s, e, toks, known in items if known or closed]

    def known_names(self, mentions: list[UnitMention]) -> list[UnitMention]:
        words: dict[str, set[str]] = {}
        for m in mentions:
            if m.type_word:
                words.setdefault(match_key(m.name), set()).add(m.type_word)
        # A name written with several type words (tỉnh / thành phố Hải Dương) stays untyped when bare.
        known = {k: next(iter(w)) if len(w) == 1 else None for k, w in words.items()}
        by_skeleton: dict[str, list[str]] = {}
        for k in known:
            by_skeleton.setdefault(skeleton(k), []).append(k)
        lengths = sorted({len(k.split()) for k in known}, reverse=True)
        out: list[UnitMention] = []
        if not known:
            return out
        # (start, end, key) of every token; a _Token only for the candidates that match a name.
        toks = [(m.start(), m.end(), m.group()) for m in _TOKEN_RE.finditer(self.vtext)]
        ends = sorted(self.view.to_view(m.evidence.end) for m in mentions)
        text, starts = self.doc.text, self.view.starts
        # Skeletons go syllable by syllable, so a span can only hit a name whose first syllable has the
        # skeleton of the span's first token: most tokens are ruled out before any span is built.
        firsts = {skeleton(k).split()[0] for k in known}
        first_skeleton: dict[str, str] = {}
        for i, (first_start, _e, first_key) in enumerate(toks):
            c = text[starts[first_start]]
            if not (c.isalpha() and c.isupper()):
                continue
            if first_key not in first_skeleton:
                first_skeleton[first_key] = (skeleton(match_key(first_key)).split() or [""])[0]
            if first_skeleton[first_key] not in firsts:
                continue
            for n in lengths:
                span = toks[i : i + n]
                if len(span) < n or "\n\n" in self.vtext[span[0][0] : span[-1][1]]:
                    continue
                ext = [_Token(s, e, "", k) for s, e, k in span]
                key = match_key(" ".join(t.key for t in ext))
                hit = next(
                    (k for k in by_skeleton.get(skeleton(key), ()) if k == key or _close(key, k)), None
                )
                if hit is None:
                    continue
                full = [_Token(t.start, t.end, self._source(t.start, t.end), t.key) for t in ext]
                if not all(t.capitalised and not t.all_caps for t in full):
                    continue
                if not (
                    self._after_list_item(ext[0].start, ends)
                    or self._row_label_context(ext[0].start, ext[-1].end)
                ):
                    continue
                out.append(self._mention(ext[0].start, ext[-1].end, full, known[hit]))
                ends.append(ext[-1].end)
                break
        return out

    def _after_list_item(self, vs: int, ends: list[int]) -> bool:
        """Right after another mention and a list separator (``Hải Phòng - Hải Dương``)."""
        prev = max((e for e in ends if e <= vs), default=None)
        return prev is not None and bool(_LIST_GAP_RE.fullmatch(self.vtext[prev:vs]))

    def _row_label_context(self, vs: int, ve: int) -> bool:
        """A bare name used as a row label or list item, not inside a longer proper name."""
        line_start = self.vtext.rfind("\n", 0, vs) + 1
        if self.vtext[line_start:vs].strip(" \t-+*•") and not _KNOWN_BEFORE_RE.search(
            self.vtext[max(line_start, vs - 12) : vs]
        ):
            return False
        prev = self._source(max(0, vs - 12), vs).split()
        if prev and (prev[-1][:1].isupper() or _TYPE_RE.fullmatch(match_key(prev[-1]))):
            if not _KNOWN_BEFORE_RE.search(match_key(prev[-1]) + " "):
                return False
        nxt = self._source(ve, min(len(self.vtext), ve + 3)).lstrip()[:1]
        if nxt.isalpha() and nxt.isupper():
            return False
        return bool(re.match(r"[ \t]*(?:[:;,)\n(]|\d|$|va\b|- )", self.vtext[ve : ve + 12]))


def _word_key(t: _Token) -> str:
    return match_key(t.text)


def _digits(t: _Token) -> bool:
    return any(c.isdigit() for c in t.text)


def _join(toks: list[_Token]) -> str:
    return " ".join(" ".join(t.text.split()) for t in toks)


def _close(text_key: str, name_key: str) -> bool:
    cost = skeleton_cost(text_key, name_key)
    return cost is not None and cost <= 1 and len(name_key.split()) >= 2


def _plausible_case(type_text: str) -> bool:
    """A type word as written: lower case, Capitalised or ALL CAPS (not an acronym inside a word)."""
    letters = [c for c in type_text if c.isalpha()]
    if not letters:
        return False
    if type_text.isupper():
        return len(letters) > 2 or type_text.upper() == "TP" or "." in type_text
    rest = [c for c in letters[1:] if c.isalpha()]
    return not any(c.isupper() for c in rest)


def _without_overlaps(mentions: list[UnitMention]) -> list[UnitMention]:
    """Keep the earliest, then longest, of overlapping mentions; source order."""
    out: list[UnitMention] = []
    for m in sorted(mentions, key=lambda m: (m.evidence.start, -m.evidence.end)):
        if out and m.evidence.start < out[-1].evidence.end:
            continue
        out.append(m)
    return out
