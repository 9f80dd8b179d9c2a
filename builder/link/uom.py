"""Stated unit wording → unit of measure of ``ontology/units.ttl``.

``resolve_unit("Tỷ đồng")`` gives ``billion_vnd`` with its scale to the base unit (``vnd``, 10^9);
``split_unit(text_after_number)`` finds the unit words right after a number in running text, clean or OCR
(``tỷ đồng``, ``ty dong``, ``%/nam``, ``km?``, ``%0``); ``number_multiplier("vạn")`` is 10^4.

Matching works on words: each word of the text and of every unit label is folded and OCR-repaired
(:func:`builder.link.indicators.label_key`); the longest label (in words) that the text starts with wins,
then, for labels of two words or more, the vowel-free skeletons of the words are tried (``%/nim`` for
``%/năm``, ``ty déng`` for ``tỷ đồng``) when only one unit has that skeleton.
A number word before a unit multiplies it (``5,58 vạn lượt`` = 55,800 visits)
unless the compound is a unit of its own (``triệu tấn``, ``nghìn tỷ đồng``). ``/năm`` after any unit marks a
per-year figure.

Hidden labels are generated: ``python -m builder.link.uom --regen`` (``--check`` only reports).
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, SKOS

from ..errors import ShapeError
from ..resources import ontology_path
from .indicators import PK, _parse, hidden_form, label_key, regenerate_text, skeleton

UOM = Namespace("https://w3id.org/plankg/id/uom/")

_MULTIPLIERS = {"van": Decimal(10**4), "nghin": Decimal(10**3), "ngan": Decimal(10**3),
                "trieu": Decimal(10**6), "ty": Decimal(10**9), "ti": Decimal(10**9)}
_BILLION = ("ty", "ti")
_NOT_UNIT = ("le", "trong")  # "tỷ lệ" (rate), "tỷ trọng" (share)
_PER = {"nam": "year", "thang": "month"}
# Word-like runs (with the OCR marks that stand for accented letters) and the symbols units use.
_TOKEN = re.compile(r"[\w¢€©¥§]+|[%‰/]")
_GAP = re.compile(r"[ \t\r\n]*")
_MAX_GAP = 3  # a unit word more than this many blanks after the previous one is not part of the unit
_YEAR = re.compile(r"(?:19|20)\d\d")


@dataclass(frozen=True)
class Unit:
    """A unit of measure as described in ``ontology/units.ttl``."""

    local: str
    pref_label_vi: str
    pref_label_en: str
    alt_labels: tuple[str, ...]
    hidden_labels: tuple[str, ...]
    dimension: str
    scale: Decimal
    base: str
    ucum: str | None

    @property
    def iri(self) -> URIRef:
        return UOM[self.local]

    @property
    def labels_vi(self) -> tuple[str, ...]:
        return (self.pref_label_vi, *self.alt_labels)


@dataclass(frozen=True)
class UnitMatch:
    """A stated unit resolved: ``value × scale`` is the value in the base unit."""

    local: str  # e.g. "billion_vnd"
    label: str  # the unit's Vietnamese prefLabel, e.g. "tỷ đồng"
    scale: Decimal  # scaleToBase × multiplier
    dimension: str
    base: str  # local name of the base unit, e.g. "vnd"
    multiplier: Decimal = Decimal(1)  # a number word before the unit ("vạn" → 10000), 1 otherwise
    per: str | None = None  # "year" / "month" when "/năm" / "/tháng" follows a unit that does not say it
    stated: str = ""  # the matched text


@dataclass(frozen=True)
class _Tok:
    key: str
    start: int
    end: int


def _tokens(text: str, limit: int = 1000) -> list[_Tok]:
    """Up to ``limit`` unit-relevant tokens with their spans, stopping where a unit cannot continue."""
    out: list[_Tok] = []
    pos = 0
    n = len(text)
    while pos < n and len(out) < limit:
        gap = _GAP.match(text, pos)
        g_end = gap.end() if gap else pos
        if g_end - pos > _MAX_GAP:
            break
        if g_end < n and text[g_end] == "." and out and out[-1].key == "tr":
            g_end += 1  # "Tr.đồng"
        m = _TOKEN.match(text, g_end)
        if m is None:
            break
        raw = m.group()
        end = m.end()
        if raw == "%" and end < n and text[end] in "0o" and not text[end + 1 : end + 2].isalnum():
            key, end = "‰", end + 1  # OCR prints ‰ as "%0"
        elif raw in ("%", "‰", "/"):
            key = "‰" if raw == "‰" else raw
        else:
            key = label_key(raw).replace(" ", "")
            if key in ("km", "m") and text[end : end + 1] == "?":
                key, end = key + "2", end + 1  # "km²" read as "km?"
        if key:
            out.append(_Tok(key, g_end, end))
        pos = end
    return out


def _label_words(label: str) -> tuple[str, ...]:
    return tuple(t.key for t in _tokens(label))


class UnitIndex:
    """The units of measure, indexed by the words of their labels. Use :meth:`load`."""

    def __init__(self, units: list[Unit]) -> None:
        self._units = {u.local: u for u in units}
        exact: dict[tuple[str, ...], set[str]] = {}
        skel: dict[tuple[str, ...], set[str]] = {}
        for u in units:
            for text in {*u.labels_vi, *u.hidden_labels}:
                words = _label_words(text)
                if words:
                    exact.setdefault(words, set()).add(u.local)
                    skel.setdefault(_skel(words), set()).add(u.local)
        clash = sorted(w for w, owners in exact.items() if len(owners) > 1)
        if clash:
            raise ShapeError(f"unit labels shared by two units: {clash[:3]}", where="units.ttl")
        self._exact = {w: next(iter(o)) for w, o in exact.items()}
        self._skel = {w: next(iter(o)) for w, o in skel.items() if len(o) == 1}
        self._skel_words: dict[tuple[str, ...], list[tuple[str, ...]]] = {}
        for w in sorted(self._exact):
            if _skel(w) in self._skel:
                self._skel_words.setdefault(_skel(w), []).append(w)
        self._max = max((len(w) for w in self._exact), default=1)

    @classmethod
    def load(cls, path: str | Path | None = None) -> UnitIndex:
        return _load(str(path or ontology_path("units.ttl")))

    def units(self) -> tuple[Unit, ...]:
        return tuple(self._units[k] for k in sorted(self._units))

    def unit(self, local: str) -> Unit:
        return self._units[local]

    def _longest(self, words: list[str]) -> tuple[str, int] | None:
        """The unit whose label is the longest word-prefix of ``words``: (local, number of words)."""
        for n in range(min(self._max, len(words)), 0, -1):
            head = tuple(words[:n])
            if head in self._exact:
                return self._exact[head], n
            if n > 1:  # one word's skeleton is too often another word's ("lên"/"lần", "trong"/"trường")
                sk = _skel(head)
                hit = self._skel.get(sk)
                # Half the words at least must be exact: "từ đường" is not "tỷ đồng", "ty déng" is.
                if hit is not None and any(_close_enough(head, w) for w in self._skel_words[sk]):
                    return hit, n
        return None

    def scan(self, text: str) -> tuple[UnitMatch | None, int, Decimal | None]:
        """Unit at the start of ``text``: (match or None, characters consumed, bare multiplier or None)."""
        toks = _tokens(text, self._max + 3)
        words = [t.key for t in toks]
        direct = self._longest(words)
        bare_ty = direct is not None and direct[1] == 1 and words[0] in _BILLION
        if bare_ty and words[1:2] and words[1] in _NOT_UNIT:
            return None, 0, None  # "2025 tỷ lệ ...", "tỷ trọng": the word is not a unit there
        mult = _MULTIPLIERS.get(words[0]) if words else None
        # "tỷ" is itself money (tỷ đồng): after it only the compound units of units.ttl apply.
        after = self._longest(words[1:]) if mult is not None and words[0] not in _BILLION else None
        multiplier = Decimal(1)
        if after is not None and (direct is None or after[1] + 1 > direct[1]):
            local, used = after[0], after[1] + 1
            multiplier = mult  # type: ignore[assignment]
        elif direct is not None:
            local, used = direct
        else:
            return None, (toks[0].end if mult is not None else 0), mult
        if self._units[local].dimension == "years" and used < len(words) and _YEAR.fullmatch(words[used]):
            return None, 0, None  # "0,8 năm 2030": "năm" opens a date, it is not the figure's unit
        per = None
        if len(words) >= used + 2 and words[used] == "/" and _per(words[used + 1]):
            per, used = _per(words[used + 1]), used + 2
        u = self._units[local]
        end = toks[used - 1].end
        start = toks[0].start
        return (
            UnitMatch(
                local=local,
                label=u.pref_label_vi,
                scale=u.scale * multiplier,
                dimension=u.dimension,
                base=u.base,
                multiplier=multiplier,
                per=per,
                stated=text[start:end],
            ),
            end,
            None,
        )


def _close_enough(stated: tuple[str, ...], label: tuple[str, ...]) -> bool:
    """A skeleton match counts when half the words are exact and every misread label word is long enough
    to be recognised (``déng`` for ``đồng``; not ``so`` for ``sĩ``: "bậc so với" is not "bác sĩ")."""
    exact = sum(a == b for a, b in zip(stated, label, strict=True))
    return 2 * exact >= len(label) and all(a == b or len(b) >= 3 for a, b in zip(stated, label, strict=True))


def _skel(words: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(skeleton(w) if w.isalpha() else w for w in words)


def _per(word: str) -> str | None:
    """"year" for ``năm`` (and OCR ``nim``, ``ndm``), "month" for ``tháng``."""
    return next((v for k, v in _PER.items() if word == k or skeleton(word) == skeleton(k)), None)


def _literals(g: Graph, s: URIRef, p: URIRef, lang: str | None = None) -> list[str]:
    objs = g.objects(s, p)
    return sorted(str(o) for o in objs if isinstance(o, Literal) and (lang is None or o.language == lang))


def units_from_graph(g: Graph) -> list[Unit]:
    out = []
    for s in sorted(set(g.subjects(RDF.type, PK.UnitOfMeasure))):
        local = str(s).rsplit("/", 1)[-1]
        pref_vi = _literals(g, s, SKOS.prefLabel, "vi")
        pref_en = _literals(g, s, SKOS.prefLabel, "en")
        dim = _literals(g, s, PK.dimension)
        scale = _literals(g, s, PK.scaleToBase)
        base = [str(o).rsplit("/", 1)[-1] for o in g.objects(s, PK.baseUnit)]
        if not (len(pref_vi) == len(pref_en) == len(dim) == len(scale) == len(base) == 1):
            raise ShapeError(f"unit {local} needs one prefLabel@vi/@en, dimension, scaleToBase and baseUnit",
                             where="units.ttl")
        ucum = _literals(g, s, PK.ucumCode)
        out.append(Unit(local, pref_vi[0], pref_en[0], tuple(_literals(g, s, SKOS.altLabel, "vi")),
                        tuple(_literals(g, s, SKOS.hiddenLabel)), dim[0], Decimal(scale[0]), base[0],
                        ucum[0] if ucum else None))
    return out


@lru_cache(maxsize=4)
def _load(path: str) -> UnitIndex:
    return UnitIndex(units_from_graph(_parse(Path(path))))


# --- public functions ------------------------------------------------------------------------------------


def resolve_unit(stated: str) -> UnitMatch | None:
    """The unit a stated unit wording names (``"Tỷ đồng"``, ``"triệu lượt người"``, ``"%/nam"``), or None."""
    if not stated or not stated.strip():
        return None
    m, _used, _mult = UnitIndex.load().scan(stated.strip())
    return m


def same_measure(a: str | None, b: str | None) -> bool:
    """Two stated units of the same measure at any scale: "lượt" and "triệu lượt", "tỷ đồng" and "triệu đồng"."""
    if a == b:
        return True
    ma, mb = (resolve_unit(u) if u else None for u in (a, b))
    return ma is not None and mb is not None and (ma.base, ma.per) == (mb.base, mb.per)


def split_unit(text_after_number: str) -> tuple[str, int] | None:
    """The unit words at the start of the text that follows a number.

    Returns ``(stated, length)``: ``length`` characters of ``text_after_number`` are consumed (leading blanks
    included) and ``stated`` is that slice without them (``" tỷ đồng, trong đó"`` → ``("tỷ đồng", 8)``).
    A lone number word (``"2,5 triệu"``) is returned too, so that the caller can scale the number with
    :func:`number_multiplier`. None when no unit follows.
    """
    m, used, mult = UnitIndex.load().scan(text_after_number)
    if m is None and mult is None:
        return None
    return text_after_number[:used].strip(), used


def number_multiplier(word: str) -> Decimal | None:
    """The factor of a number word before a unit: vạn 10^4, nghìn/ngàn 10^3, triệu 10^6, tỷ 10^9."""
    return _MULTIPLIERS.get(label_key(word).replace(" ", ""))


def units() -> tuple[Unit, ...]:
    return UnitIndex.load().units()


# --- regenerating hidden labels --------------------------------------------------------------------------


def regenerate_units(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    g = _parse(path)

    def gen(local: str) -> list[tuple[str, list[str]]]:
        s = UOM[local]
        if (s, RDF.type, SKOS.ConceptScheme) in g:
            return []
        labels = _literals(g, s, SKOS.prefLabel, "vi") + _literals(g, s, SKOS.altLabel, "vi")
        hidden = sorted({hidden_form(x) for x in labels})
        return [("skos:inScheme", ["uom:scheme"]), ("skos:hiddenLabel", [Literal(h).n3() for h in hidden])]

    return regenerate_text(text, "uom:", "uom", gen)


def main(argv: list[str] | None = None) -> int:
    """``--regen`` rewrites ``ontology/units.ttl``; ``--check`` exits 1 when it is out of date."""
    args = sys.argv[1:] if argv is None else argv
    path = ontology_path("units.ttl")
    new = regenerate_units(path)
    if "--check" in args:
        ok = new == path.read_text(encoding="utf-8")
        print("units.ttl is in sync" if ok else "units.ttl is out of date: run --regen")
        return 0 if ok else 1
    if "--regen" in args or "--regen-hidden" in args:
        path.write_text(new, encoding="utf-8")
        print(f"wrote {path}")
        return 0
    print("usage: python -m builder.link.uom --regen | --check")
    return 2


if __name__ == "__main__":
    raise SystemExit(main())
