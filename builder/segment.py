"""Document → section tree: headings, numbered items, clauses, tables and footnotes, with exact offsets.

Headings are matched line by line on the OCR-repaired view (``doc.views.repaired``), so that
``PHAN I`` / ``Piéu 1.`` are found like ``PHẦN I`` / ``Điều 1.``; every range is mapped back to the
source, so ``source[s.start:s.end]`` is the whole section and ``title_evidence.quote`` the heading.

Three passes:

1. *Tables* (runs of tab-separated rows; clusters of pipe-separated OCR rows) and the strong headings
   that bound them (``PHẦN``, ``PHỤ LỤC``, ``Điều``). No heading is read inside a table.
2. *Numbered headings* (roman ``I.``, letters ``A.``, arabic ``1.`` / ``1.1.`` / ``2.1-``), each checked
   against the numbering sequence and the previous line: a line that continues a sentence (the line
   before ends without punctuation) is a heading only when its number is exactly the one expected.
3. *Items* ``(1)``, *clauses* ``a)`` and *footnotes*: superscript digits or U+FFFD starting a line, and
   ``(n)`` notes in OCR text, told from list items by their numbering: notes count up across the whole
   document, lists restart at ``(1)`` and continue ``(n+1)``.

Nesting: ``PHẦN`` / ``PHỤ LỤC`` / ``Điều`` are top-level; then roman > letter > arabic by depth; items and
clauses nest below numbered headings in the order they first appear (``a)`` › ``(1)`` or ``(1)`` › ``a)``).
Tables and footnotes are leaves of the section they appear in.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from .document import Document
from .facts import Section
from .layout import APPENDIX as _APPENDIX
from .layout import ARTICLE as _ARTICLE
from .layout import PART as _PART

# Depth ranks of heading styles; items and clauses are below every numbered heading.
_TOP = 0
_ROMAN = 1
_LETTER = 2
_ARABIC = 2  # + depth: "1." → 3, "1.1." → 4
_LIST = 10

_TERMINAL = set(".:;!?)”\"’…»]")
_SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_VI_LETTERS = "abcdđeghiklmnopqrstuvxy"
_ORDINALS = {
    "nhat": 1, "mot": 1, "hai": 2, "ba": 3, "tu": 4, "bon": 4, "nam": 5, "sau": 6, "bay": 7, "tam": 8,
    "chin": 9, "muoi": 10,
}

_ROMAN_RE = re.compile(r"(?P<tok>[ivxl1|!]{1,6})\s?[.\-–]\s*(?=\S)")
_LETTER_RE = re.compile(r"(?P<tok>[a-z])\s?\.\s+(?=\S)")
_ARABIC_RE = re.compile(
    r"(?P<tok>\d{1,2}(?:\.\d{1,2}){1,3})\.?(?:\s*[\-–])?\s+(?=\S)|(?P<one>\d{1,2})\s?[.\-–]\s*(?=\S)"
)
_ITEM_RE = re.compile(r"\(\s?(?P<num>\d{1,3})\s?\)\s*(?=\S)")
_BARE_ITEM_RE = re.compile(r"(?P<num>\d{1,2})\)\s+(?=\S)")
_CLAUSE_RE = re.compile(r"(?P<tok>[a-z])\)\s+(?=\S)")
_ROMAN_VALID = re.compile(r"^(X{0,3})(IX|IV|V?I{0,3})$")


@dataclass
class _Line:
    index: int
    vs: int  # view range of the line (repaired view)
    ve: int
    s: int  # source range of the line
    e: int
    view: str  # repaired view text of the line
    src: str  # source text of the line
    orig: str  # for each view character, the source character it came from (case and marks kept)

    @property
    def blank(self) -> bool:
        return not self.view.strip()


@dataclass
class _Head:
    """An accepted heading or leaf, before keys are assigned."""

    kind: str
    number: str | None
    line: int
    start: int  # source start of the section (heading start)
    title_start: int
    title_end: int
    rank: int
    style: str
    leaf_end: int | None = None  # for tables and footnotes: their own end


# --- lines --------------------------------------------------------------------------------------


def _lines(doc: Document) -> list[_Line]:
    view = doc.views.repaired
    aligned = doc.views.aligned
    text = doc.source.text
    starts = view.starts
    out: list[_Line] = []
    pos = 0
    for i, part in enumerate(view.text.split("\n")):
        vs, ve = pos, pos + len(part)
        if vs == ve:
            s = e = starts[vs] if vs < len(starts) else len(text)
        else:
            s, e = view.span(vs, ve)
        orig = aligned[vs:ve]
        out.append(_Line(i, vs, ve, s, e, part, text[s:e], orig))
        pos = ve + 1
    return out


def _lstrip_offset(s: str) -> int:
    return len(s) - len(s.lstrip())


def _source_at(doc: Document, line: _Line, view_col: int) -> int:
    """Source offset of a column of the line's view text (the line end if past it)."""
    v = line.vs + view_col
    if v >= line.ve:
        return line.e
    return doc.views.repaired.span(v, v + 1)[0]


def _upper_share(s: str) -> float:
    letters = [c for c in s if c.isalpha()]
    if not letters:
        return 0.0
    return sum(1 for c in letters if c.isupper()) / len(letters)


def _ends_open(line: _Line | None) -> bool:
    """True when ``line`` ends mid-sentence (no terminal punctuation), so the next line continues it."""
    if line is None or line.blank:
        return False
    last = line.src.rstrip()[-1:]
    return bool(last) and last not in _TERMINAL


def _roman_value(token: str) -> int | None:
    norm = "".join("I" if c in "l1|!" else c for c in token)
    if not any(c in "IVX" for c in token) or not _ROMAN_VALID.match(norm) or not norm:
        return None
    values = {"I": 1, "V": 5, "X": 10}
    total = 0
    for i, c in enumerate(norm):
        v = values[c]
        total += -v if i + 1 < len(norm) and values[norm[i + 1]] > v else v
    return total


def _roman_text(value: int) -> str:
    out = ""
    for v, sym in ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while value >= v:
            out += sym
            value -= v
    return out


# --- titles -------------------------------------------------------------------------------------

_RUN_IN_END = re.compile(r":\s|:$|\.\s+(?=[A-ZÀ-ỸĐ])")
_MAX_TITLE = 220


def _run_in_title(line: _Line, col: int) -> int:
    """View column where a run-in title that starts at ``col`` ends (colon, sentence end, line end)."""
    m = _RUN_IN_END.search(line.orig, col)
    end = m.start() if m else len(line.view.rstrip())
    if end - col > _MAX_TITLE:
        cut = line.view.rfind(" ", col, col + _MAX_TITLE)
        end = cut if cut > col else col + _MAX_TITLE
    return max(end, col)


def _title_lines(lines: list[_Line], i: int, *, need_upper: bool, skip_blank: bool, limit: int = 3) -> int:
    """Index of the last line of a title continuing after line ``i`` (``i`` itself when none)."""
    last = i
    j = i + 1
    if skip_blank and j < len(lines) and lines[j].blank:
        j += 1
    taken = 0
    while j < len(lines) and taken < limit and not lines[j].blank:
        ln = lines[j]
        if need_upper and _upper_share(ln.src) < 0.7:
            break
        if "\t" in ln.src or "|" in ln.src or _any_candidate(ln):
            break
        last = j
        taken += 1
        j += 1
    return last


def _any_candidate(line: _Line) -> bool:
    v = line.view.lstrip()
    return bool(
        _PART.match(v) or _APPENDIX.match(v) or _ARTICLE.match(v) or _ITEM_RE.match(v)
        or _ARABIC_RE.match(v) or _CLAUSE_RE.match(v)
    )


# --- pass 1: strong headings and tables ---------------------------------------------------------


def _strong(line: _Line) -> tuple[str, str | None, int, int, int] | None:
    """(kind, number, number start, number end, title start) as view columns, for PHẦN / PHỤ LỤC / Điều."""
    lead = _lstrip_offset(line.view)
    v = line.view[lead:]
    rest_len = len(v.rstrip())
    m = _PART.match(v)
    if m and rest_len <= 120:
        after = v[m.end() :].strip()
        sep = v[m.end() - 1 : m.end()] in (":", ".", "-") or v[m.end() : m.end() + 1] in (":", ".", "-")
        if after and not sep and _upper_share(line.orig[lead + m.end() :]) < 0.6:
            return None
        if m.group("thu"):
            if m.group("ord") not in _ORDINALS:
                return None
            a, b = m.start("thu"), m.end("ord")
        elif m.group("rom"):
            a, b = m.start("rom"), m.end("rom")
            if _roman_value(line.orig[lead + a : lead + b]) is None:
                return None
        else:
            a, b = m.start("word"), m.end("word")
        return "part", None, lead + a, lead + b, lead + m.end()
    m = _APPENDIX.match(v)
    if m and rest_len <= 100:
        num = m.group("num")
        tail = v[m.end("num") if num else m.end() :].lstrip()
        if tail and not (num and tail[:1] in ":.-–") and _upper_share(line.orig) < 0.7:
            return None  # "Phụ lục 1 kèm theo ..." in running text
        a, b = (m.start("num"), m.end("num")) if num else (m.end(), m.end())
        return "appendix", None, lead + a, lead + b, lead + m.end()
    m = _ARTICLE.match(v)
    if m:
        return "article", m.group("num"), lead + m.start("num"), lead + m.end("num"), lead + m.end()
    return None


def _is_tab_row(line: _Line) -> bool:
    return "\t" in line.src and sum(1 for c in line.src.split("\t") if c.strip()) >= 2


def _read_tables(doc: Document, lines: list[_Line], barriers: set[int]) -> list[tuple[int, int]]:
    """Line ranges of the OCR tables the table reader reads (:attr:`Document.tables`): columns aligned with
    spaces have no separator the line patterns above can see. A strong heading ends the range."""
    out: list[tuple[int, int]] = []
    starts = [ln.s for ln in lines]
    for table in doc.tables:
        if table.layout != "ocr":
            continue
        first = max(bisect.bisect_right(starts, table.start) - 1, 0)
        last = first
        while last + 1 < len(lines) and lines[last + 1].s < table.end and last + 1 not in barriers:
            last += 1
        out.append((first, last))
    return out


def _tables(lines: list[_Line], barriers: set[int]) -> list[tuple[int, int]]:
    """Line ranges (first, last) of tables."""
    out: list[tuple[int, int]] = []
    n = len(lines)
    i = 0
    # Tab-separated rows (clean text): consecutive rows, blank lines allowed inside.
    while i < n:
        if _is_tab_row(lines[i]) and i not in barriers:
            j = i
            k = i + 1
            while k < n:
                if lines[k].blank:
                    k += 1
                    continue
                if _is_tab_row(lines[k]) and k not in barriers:
                    j = k
                    k += 1
                    continue
                break
            if j > i or sum(1 for c in lines[i].src.split("\t") if c.strip()) >= 3:
                out.append((i, j))
            i = j + 1
        else:
            i += 1
    # Pipe-separated rows (OCR tables): clusters of at least three rows with few other lines between,
    # extended down to the end of their paragraph; overlapping clusters merge.
    pipes = [ln.index for ln in lines if "|" in ln.src and not _is_tab_row(ln) and ln.index not in barriers]
    clusters: list[list[int]] = []
    for idx in pipes:
        if clusters:
            prev = clusters[-1][-1]
            gap = [k for k in range(prev + 1, idx) if not lines[k].blank]
            if len(gap) <= 8 and not any(k in barriers for k in range(prev + 1, idx)):
                clusters[-1].append(idx)
                continue
        clusters.append([idx])
    taken = {k for a, b in out for k in range(a, b + 1)}
    pipe_tables: list[tuple[int, int]] = []
    for c in clusters:
        if len(c) < 3:
            continue
        first, last = c[0], c[-1]
        k = last + 1
        while k < n and not lines[k].blank and k not in barriers and k - c[-1] <= 10:
            last = k
            k += 1
        if any(k in taken for k in range(first, last + 1)):
            continue
        if pipe_tables and first <= pipe_tables[-1][1] + 1:
            pipe_tables[-1] = (pipe_tables[-1][0], max(last, pipe_tables[-1][1]))
        else:
            pipe_tables.append((first, last))
    return sorted(out + pipe_tables)


def _strong_title_line(lines: list[_Line], k: int, barriers: set[int]) -> bool:
    """True when line ``k`` belongs to the title block right under a strong heading."""
    j = k
    while j >= 0 and not lines[j].blank:
        if j in barriers:
            return True
        j -= 1
    return False


# --- pass 2: numbered headings ------------------------------------------------------------------


@dataclass
class _Cand:
    kind: str
    line: int
    number: str | None
    value: tuple[int, ...]
    col_num: int  # view column of the number token
    col_title: int  # view column where the title starts
    rank: int
    style: str
    num_end: int = -1  # view column after the number token (strong headings)


def _numbered(line: _Line) -> _Cand | None:
    lead = _lstrip_offset(line.view)
    v = line.view[lead:]
    m = _ROMAN_RE.match(v)
    if m:
        val = _roman_value(line.orig[lead + m.start("tok") : lead + m.end("tok")])
        if val is not None and val <= 30:
            return _Cand("roman", line.index, _roman_text(val), (val,), lead, lead + m.end(), _ROMAN, "roman")
    m = _ARABIC_RE.match(v)
    if m:
        tok = m.group("tok") or m.group("one")
        parts = tuple(int(p) for p in tok.split("."))
        if 0 < parts[0] <= 40 and all(p > 0 for p in parts[1:]):
            col = lead + m.end()
            nxt = line.view[col : col + 1]
            if nxt.isalpha() or nxt in "\"“'‘(«":
                return _Cand("arabic", line.index, tok, parts, lead, col, _ARABIC + len(parts),
                             f"arabic{len(parts)}")
    m = _LETTER_RE.match(v)
    if m:
        ch = line.orig[lead + m.start("tok")]
        if ch.isupper() and ch not in "IVX" and _upper_share(line.orig[lead + m.end() :]) >= 0.7:
            value = ord(ch) - 64 if "A" <= ch <= "Z" else 4
            return _Cand("letter", line.index, ch, (value,), lead, lead + m.end(), _LETTER, "letter")
    return None


def _expected(stack: list[_Cand], cand: _Cand) -> tuple[int, ...] | None:
    """The number a candidate should carry given the open headings; None when there is no rule."""
    for open_ in reversed(stack):
        if open_.style == cand.style:
            return open_.value[:-1] + (open_.value[-1] + 1,)
        if open_.rank < cand.rank:
            break
    if cand.kind == "arabic" and len(cand.value) > 1:
        for open_ in reversed(stack):
            if open_.kind == "arabic" and len(open_.value) == len(cand.value) - 1:
                return open_.value + (1,)
        return cand.value[:-1] + (1,)
    return (1,) * len(cand.value)


def _push(stack: list[_Cand], cand: _Cand) -> None:
    while stack and stack[-1].rank >= cand.rank:
        stack.pop()
    stack.append(cand)


def _accept_numbered(lines: list[_Line], in_table: list[bool], strong: dict[int, tuple]) -> list[_Cand]:
    accepted: list[_Cand] = []
    stack: list[_Cand] = []
    last_article = 0
    for ln in lines:
        if in_table[ln.index] or ln.blank:
            continue
        prev = _prev_nonblank(lines, ln.index)
        cont = _ends_open(prev) and prev is not None and prev.index == ln.index - 1
        if ln.index in strong:
            kind, number, a, b, t = strong[ln.index]
            cand = _Cand(kind, ln.index, number, (), a, t, _TOP, kind)
            cand.num_end = b
            if kind == "article":
                n = int(number or 0)
                if cont and n != last_article + 1:
                    continue
                last_article = n
                cand.value = (n,)
            stack = [cand]
            accepted.append(cand)
            continue
        cand = _numbered(ln)
        if cand is None:
            continue
        exp = _expected(stack, cand)
        exact = exp == cand.value
        if not exact:
            if cont or exp is None:
                continue
            # Off the sequence: allow a repeated number, a restart, or a number or two lost by OCR.
            low = 1 if cand.kind == "arabic" else exp[-1] - 1
            if not low <= cand.value[-1] <= exp[-1] + (3 if cand.kind == "arabic" else 2):
                continue
        _push(stack, cand)
        accepted.append(cand)
    return accepted


def _prev_nonblank(lines: list[_Line], i: int) -> _Line | None:
    j = i - 1
    while j >= 0 and lines[j].blank:
        j -= 1
    return lines[j] if j >= 0 else None


# --- pass 3: items, clauses, footnotes ----------------------------------------------------------


@dataclass
class _ListCand:
    line: int
    kind: str  # item | clause | footnote
    number: str | None
    value: int
    col_title: int
    block: int  # index of the numbered heading it follows
    outer: int  # index of the strong/roman heading it follows
    paren: bool = True
    paren_note: bool = False  # a "(n)" note in OCR text (may run on over several lines)


def _list_candidates(lines: list[_Line], in_table: list[bool], heads: list[_Cand]) -> list[_ListCand]:
    head_lines = {h.line for h in heads}
    out: list[_ListCand] = []
    block = outer = -1
    hi = 0
    for ln in lines:
        while hi < len(heads) and heads[hi].line <= ln.index:
            block = hi
            if heads[hi].rank <= _ROMAN:
                outer = hi
            hi += 1
        if ln.index in head_lines or in_table[ln.index] or ln.blank:
            continue
        lead = _lstrip_offset(ln.src)
        first = ln.src[lead : lead + 1]
        if first and first in _SUPERSCRIPTS:
            digits = ""
            for c in ln.src[lead:]:
                if c not in _SUPERSCRIPTS:
                    break
                digits += str(_SUPERSCRIPTS.index(c))
            col = _lstrip_offset(ln.view) + len(digits)
            out.append(_ListCand(ln.index, "footnote", digits, int(digits), col, block, outer))
            continue
        if first == "\ufffd":
            out.append(_ListCand(ln.index, "footnote", None, 0, _lstrip_offset(ln.view) + 1, block, outer))
            continue
        vlead = _lstrip_offset(ln.view)
        v = ln.view[vlead:]
        m = _ITEM_RE.match(v)
        if m:
            out.append(_ListCand(ln.index, "paren", m.group("num"), int(m.group("num")), vlead + m.end(),
                                 block, outer))
            continue
        m = _BARE_ITEM_RE.match(v)
        if m:
            out.append(_ListCand(ln.index, "bare", m.group("num"), int(m.group("num")), vlead + m.end(),
                                 block, outer, paren=False))
            continue
        m = _CLAUSE_RE.match(v)
        if m:
            ch = ln.orig[vlead + m.start("tok")]
            if ch.islower() and ch in _VI_LETTERS:
                out.append(_ListCand(ln.index, "clause", ch, _VI_LETTERS.index(ch), vlead + m.end(), block,
                                     outer))
    return out


def _classify_lists(lines: list[_Line], cands: list[_ListCand]) -> list[_ListCand]:
    """Decide which ``(n)`` are list items and which are footnotes; check clause sequences."""
    out: list[_ListCand] = []
    last_item: _ListCand | None = None
    last_fn = 0
    paren_fns: list[_ListCand] = []
    last_clause: dict[int, int] = {}
    for i, c in enumerate(cands):
        prev = _prev_nonblank(lines, c.line)
        cont = _ends_open(prev) and prev is not None and prev.index == c.line - 1
        if c.kind == "footnote":
            out.append(c)
            continue
        if c.kind == "clause":
            last = last_clause.get(c.block)
            expected = 0 if last is None else last + 1
            if c.value == expected or c.value == 0 or (not cont and expected <= c.value <= expected + 2):
                last_clause[c.block] = c.value
                out.append(c)
            continue
        if c.kind == "bare":
            last = last_clause.get(c.block)
            if c.value == 1 and last is not None and _VI_LETTERS[last] == "k":
                c.kind, c.number, c.value = "clause", "l", _VI_LETTERS.index("l")
                last_clause[c.block] = c.value
                out.append(c)
            elif last_item is not None and c.value == last_item.value + 1 and last_item.outer == c.outer:
                c.kind = "item"
                last_item = c
                out.append(c)
            continue
        n = c.value
        if n == 1:
            nxt = next((d for d in cands[i + 1 :] if d.kind in ("paren", "bare")), None)
            if nxt is not None and nxt.block == c.block and nxt.value == 2:
                c.kind = "item"
            elif last_fn == 0:
                c.kind = "footnote"
            else:
                c.kind = "item"
        elif last_item is not None and n == last_item.value + 1 and last_item.outer == c.outer:
            c.kind = "item"
        elif last_fn < n <= last_fn + 3:
            c.kind = "footnote"
        elif cont:
            continue
        else:
            c.kind = "item"
        if c.kind == "item":
            last_item = c
        else:
            last_fn = n
            c.paren_note = True
            paren_fns.append(c)
        out.append(c)
    if len(paren_fns) < 3:
        for c in paren_fns:
            c.kind = "item"
    return out


# --- assembly -----------------------------------------------------------------------------------


def _footnote_end(lines: list[_Line], i: int, stops: set[int]) -> int:
    """Last line of an OCR ``(n)`` note starting at line ``i``: it runs on to a blank line, a heading or
    an indented line (OCR marks the body text resuming on the next page with a leading space)."""
    j = i
    while j + 1 < len(lines) and j - i < 8:
        nxt = lines[j + 1]
        if nxt.blank or j + 1 in stops or nxt.src[:1].isspace():
            break
        j += 1
    return j


def segment(doc: Document) -> list[Section]:
    """The section tree of a document, as a flat list in document order (parents before children)."""
    lines = _lines(doc)
    text = doc.source.text
    strong: dict[int, tuple] = {}
    for ln in lines:
        hit = _strong(ln)
        if hit is not None:
            strong[ln.index] = hit
    table_ranges = _tables(lines, set(strong))
    # tables the table reader finds where the line patterns saw none (columns aligned with spaces)
    table_ranges = sorted(table_ranges + [
        (a, b) for a, b in _read_tables(doc, lines, set(strong)) if not any(a <= y and x <= b for x, y in table_ranges)
    ])
    in_table = [False] * len(lines)
    for a, b in table_ranges:
        for k in range(a, b + 1):
            in_table[k] = True
    heads = _accept_numbered(lines, in_table, strong)
    lists = _classify_lists(lines, _list_candidates(lines, in_table, heads))

    # Build the heading records.
    records: list[_Head] = []
    stops = {h.line for h in heads} | {c.line for c in lists} | {a for a, _ in table_ranges}
    for h in heads:
        ln = lines[h.line]
        if h.kind in ("part", "appendix"):
            rest = ln.view[h.col_title :].strip(" :.-")
            if rest:
                last = h.line
                t_end_col = len(ln.view.rstrip())
                t_start = _source_at(doc, ln, h.col_title)
                t_end = _source_at(doc, ln, t_end_col)
            else:
                last = _title_lines(lines, h.line, need_upper=h.kind == "part", skip_blank=True)
                if last == h.line:
                    t_start = _source_at(doc, ln, h.col_num)
                    t_end = ln.s + len(ln.src.rstrip())
                else:
                    first = h.line + 1 if not lines[h.line + 1].blank else h.line + 2
                    t_start = lines[first].s + _lstrip_offset(lines[first].src)
                    t_end = lines[last].s + len(lines[last].src.rstrip())
            number = _strong_number(doc, ln, h)
        else:
            col_end = _run_in_title(ln, h.col_title)
            t_start = _source_at(doc, ln, h.col_title)
            t_end = _source_at(doc, ln, col_end)
            if col_end >= len(ln.view.rstrip()):
                upper = h.kind in ("roman", "letter") and _upper_share(ln.src) >= 0.7
                last = _title_lines(lines, h.line, need_upper=upper, skip_blank=False, limit=2)
                if last > h.line and (upper or _continues_lower(lines, h.line)) and _ends_open(ln):
                    t_end = lines[last].s + len(lines[last].src.rstrip())
            number = h.number
        records.append(_Head(h.kind, number, h.line, ln.s + _lstrip_offset(ln.src), t_start, t_end, h.rank,
                             h.style))
    for c in lists:
        ln = lines[c.line]
        start = ln.s + _lstrip_offset(ln.src)
        t_start = _source_at(doc, ln, c.col_title)
        if c.kind == "footnote":
            last = _footnote_end(lines, c.line, stops) if c.paren_note else c.line
            end = lines[last].s + len(lines[last].src.rstrip())
            col_end = _run_in_title(ln, c.col_title) if last == c.line else len(ln.view.rstrip())
            t_end = min(_source_at(doc, ln, col_end), end)
            records.append(_Head("footnote", c.number, c.line, start, t_start, t_end, _LIST + 100, "footnote",
                                 leaf_end=end))
        else:
            col_end = _run_in_title(ln, c.col_title)
            number = f"({c.number})" if c.kind == "item" else c.number
            style = "item" if c.kind == "item" else "clause"
            records.append(_Head(c.kind, number, c.line, start, t_start, _source_at(doc, ln, col_end), _LIST,
                                 style))
    for a, b in table_ranges:
        first = lines[a]
        start = first.s + _lstrip_offset(first.src)
        end = lines[b].s + len(lines[b].src.rstrip())
        row = first.src.strip()
        t_end = start + min(len(row), 120)
        records.append(_Head("table", None, a, start, start, t_end, _LIST + 100, "table", leaf_end=end))
    records.sort(key=lambda r: (r.start, r.rank))
    return _assemble(doc, records, lines, text)


def _continues_lower(lines: list[_Line], i: int) -> bool:
    nxt = lines[i + 1] if i + 1 < len(lines) else None
    return nxt is not None and not nxt.blank and nxt.src.lstrip()[:1].islower()


def _strong_number(doc: Document, ln: _Line, h: _Cand) -> str | None:
    if h.kind == "article":
        return h.number
    if h.num_end <= h.col_num:
        return None
    s = _source_at(doc, ln, h.col_num)
    e = _source_at(doc, ln, h.num_end)
    raw = doc.source.text[s:e].strip()
    if h.kind == "part":
        rom = _roman_value(raw) if " " not in raw else None
        return _roman_text(rom) if rom is not None else raw
    return raw or None


def _trim_end(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def _assemble(doc: Document, records: list[_Head], lines: list[_Line], text: str) -> list[Section]:
    n = len(text)
    first_start = records[0].start if records else n
    nodes: list[dict] = []
    stack: list[int] = []  # indexes into nodes
    lead = len(text) - len(text.lstrip())
    if text[lead:first_start].strip():
        pre_line = next((ln for ln in lines if not ln.blank), None)
        t_s = pre_line.s + _lstrip_offset(pre_line.src) if pre_line else lead
        t_e = pre_line.s + len(pre_line.src.rstrip()) if pre_line else lead
        nodes.append(dict(kind="preamble", number=None, start=lead, end=None, ts=t_s,
                          te=min(t_e, first_start), rank=_TOP, style="preamble", parent=None, level=1))
        stack.append(0)
    for r in records:
        leaf = r.leaf_end is not None
        if not leaf:
            # Numbered headings close every list below them; lists close their own style and deeper lists.
            if r.rank < _LIST:
                while stack and nodes[stack[-1]]["rank"] >= r.rank:
                    nodes[stack.pop()]["end"] = r.start
            else:
                styles = [nodes[k]["style"] for k in stack]
                if r.style in styles:
                    pos = len(styles) - 1 - styles[::-1].index(r.style)
                    if all(nodes[k]["rank"] >= _LIST for k in stack[pos:]):
                        while len(stack) > pos:
                            nodes[stack.pop()]["end"] = r.start
        parent = stack[-1] if stack else None
        level = (nodes[parent]["level"] + 1) if parent is not None else 1
        nodes.append(dict(kind=r.kind, number=r.number, start=r.start, end=r.leaf_end, ts=r.title_start,
                          te=r.title_end, rank=r.rank, style=r.style, parent=parent, level=level))
        if not leaf:
            stack.append(len(nodes) - 1)
    for k in stack:
        nodes[k]["end"] = n
    order = sorted(range(len(nodes)), key=lambda k: (nodes[k]["start"], nodes[k]["level"]))
    keys = {k: f"s{i + 1:04d}" for i, k in enumerate(order)}
    out: list[Section] = []
    for k in order:
        nd = nodes[k]
        end = _trim_end(text, nd["start"], nd["end"])
        ts, te = nd["ts"], max(nd["ts"], min(nd["te"], end))
        title = text[ts:te].strip()
        ev = doc.evidence(nd["start"], max(te, nd["start"]))
        out.append(Section(
            key=keys[k], kind=nd["kind"], number=nd["number"], title=title, level=nd["level"],
            start=nd["start"], end=end, title_evidence=ev,
            parent=keys[nd["parent"]] if nd["parent"] is not None else None,
        ))
    return out
