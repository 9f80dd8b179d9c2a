"""Indicator wording → SKOS concept of ``ontology/indicators.ttl``.

Resolution is deterministic before it is fuzzy (LESSONS.md, lesson 4). A wording and every label of the
scheme are reduced to a *key* (:func:`label_key`: folded, OCR-repaired, punctuation-free) and then:

1. **exact** — the wording's key equals a label's key;
2. **contains** — the longest label whose key occurs in the wording on word boundaries; when several
   concepts match, the most specific one (a narrower concept beats its broader one) wins. A second pass
   compares vowel-free *skeletons* (:func:`skeleton`) so that OCR vowel damage (``ning suat`` for
   ``năng suất``) still matches exactly;
3. **fuzzy** — rapidfuzz ``partial_ratio`` / ``token_set_ratio`` above thresholds calibrated on the OCR
   seeds (``tests/data/indicator_labels.tsv``).

Only the part of a wording before ``trong đó`` / ``bao gồm`` is tried first: what follows names components.
A ``context`` (the parent figure's label, section headings; several joined with `` | ``) resolves components
that are named only by their sector: ``công nghiệp - xây dựng tăng 16,5%/năm`` under GRDP growth becomes
``grdp_growth_industry_construction``; the same words under ``Cơ cấu kinh tế`` become the sector's share.
Component wordings are the ``pk:componentLabel`` values of the narrower concepts.

Hidden labels (folded, no diacritics) are generated: ``python -m builder.link.indicators --regen`` rewrites
the generated tail of every block in the TTL file (``--check`` only reports whether it is in sync).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rapidfuzz import fuzz
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, SKOS

from ..errors import ShapeError
from ..normalise import fold, match_key
from ..resources import ontology_path

PK = Namespace("https://w3id.org/plankg/ontology#")
IND = Namespace("https://w3id.org/plankg/id/indicator/")
SCHEME = IND["scheme"]

POLARITIES = ("higher_is_better", "lower_is_better", "neutral")
DIMENSIONS = (
    "percent", "percent_per_year", "money", "money_per_person", "money_per_area", "count", "ratio", "index",
    "rank", "mass", "mass_per_area", "area", "years", "boolean",
)

# Fuzzy alignment (see :func:`_align`): the mean word similarity (0-100) a label must reach inside a wording.
# Calibrated on the OCR seeds: every seed line was matched and each fuzzy hit inspected (the negatives are
# kept in tests/data/indicator_labels.tsv); below ~85 unrelated phrases that share most words start to match.
FUZZY_WORDS = 88.0
FUZZY_COMPONENT_WORDS = 85.0
FUZZY_WORD_MIN = 50.0  # a garbled word (not a syllable) must be this similar (fuzz.ratio) to the label's
FUZZY_OPEN_MIN = 75.0  # a word that reads as a syllable without its final consonant must be this similar


# --- keys ------------------------------------------------------------------------------------------------

# OCR reads "ư/ơ" inside a syllable as "d"/"g" ("nudc" nước, "ngudi" người, "dugc" được). No Vietnamese
# syllable has "u" followed by "d" or "g" inside a word, so the rewrite is safe.
_UD = re.compile(r"(?<=[a-z])u[dg](?=[a-z])")
# "tỷ lệ" read as "Ty I¢", "Ty 18", "Ty 16": the word after "ty" that cannot be anything but "le".
_TY_LE = re.compile(r"\bty (?:ie|i|l|18|16|1e|1|le)\b")
_SPLIT = re.compile(r"\b(?:trong do(?! tuoi)|bao gom)\b")
_VOWELS = re.compile(r"[aeiouy]+")


def label_key(text: str) -> str:
    """Folded, OCR-repaired, punctuation-free key of a wording (``Ty 1¢ ho nghéo`` → ``ty le ho ngheo``)."""
    key = match_key(text)
    key = _UD.sub("uo", key)
    return _TY_LE.sub("ty le", key)


_INITIAL = re.compile(r"^(?:ngh|ng|nh|ch|gh|gi|kh|ph|th|tr|qu|[bcdghklmnpqrstvx])")
# After its initial consonants a Vietnamese syllable holds vowels and one of the finals c, ch, m, n, ng,
# nh, p, t. Any other letter there is an OCR misreading of a marked vowel ("trd" trở, "gidm" giảm,
# "chirc" chức, "sb" số).
_NOT_FINAL = re.compile(r"[bdfgjklqrsvwxz]")


@lru_cache(maxsize=1 << 16)
def _skeleton_word(w: str) -> str:
    if not any(c.isalpha() for c in w):
        return w
    if w.startswith("b"):
        w = "d" + w[1:]  # "Đ" read as "B"
    m = _INITIAL.match(w)
    head, rest = (w[: m.end()], w[m.end() :]) if m else ("", w)
    rest = rest.replace("mg", "ng").replace("ng", "\0")  # keep the "ng" final; "mg" is OCR for it
    rest = _NOT_FINAL.sub("a", rest).replace("\0", "ng")
    rest = re.sub(r"[0-9]", "a", rest)
    return head + _VOWELS.sub("a", rest)


def skeleton(key: str) -> str:
    """A key reduced to its consonant frame: vowel runs (and letters OCR put in their place) become ``a``.

    ``ning suat`` and ``năng suất``, ``trd 1én`` and ``trở lên`` share a skeleton. Used only after exact
    keys fail, and only for skeletons no two concepts share.
    """
    return " ".join(_skeleton_word(w) for w in key.split())


def hidden_form(label: str) -> str:
    """The ``skos:hiddenLabel`` generated for a label: folded, whitespace collapsed."""
    return " ".join(fold(label).split())


_SYLLABLE = re.compile(r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|th|tr|qu|[bcdghklmnpqrstvx])?a(?:ch|nh|ng|[cmnpt])?")
_ROMAN = re.compile(r"[ivx]+")


@lru_cache(maxsize=1 << 18)
def _word_score(a: str, b: str) -> float | None:
    """Similarity of a label word ``a`` and a wording word ``b``; ``None`` when they cannot be the same word.

    Equal words score 100 and words with the same skeleton 95. Otherwise ``b`` must keep ``a``'s initial
    consonants and be OCR debris (not a plausible Vietnamese syllable: ``thtr``, ``tht``, ``ngt``) or a
    syllable that lost its final (``nude`` for ``nuoc``); a real but different word (``thống`` for ``thôn``,
    ``tỉnh`` for ``tăng``, ``khu`` for ``khách``) never passes.
    """
    if a == b:
        return 100.0
    if a.isdigit() or b.isdigit() or _ROMAN.fullmatch(a) or _ROMAN.fullmatch(b):
        return None
    sb = _skeleton_word(b)
    if _skeleton_word(a) == sb:
        return 95.0
    ia, ib = _INITIAL.match(a), _INITIAL.match(b)
    if (ia.group() if ia else "") != (ib.group() if ib else ""):
        return None
    r = fuzz.ratio(a, b)
    if _SYLLABLE.fullmatch(sb):
        if not sb.endswith("a"):
            return None  # a real syllable with its own final consonant: a different word
        return r if r >= FUZZY_OPEN_MIN else None  # an open syllable: a final lost to OCR ("nude" nước)
    return r if r >= FUZZY_WORD_MIN else None


def _align(label: list[str], words: list[str], threshold: float) -> tuple[float, int] | None:
    """Best alignment of all of ``label``'s words with consecutive ``words``: (mean score, start) or None.

    At most one word in three (at least one) may be inexact.
    """
    n = len(label)
    slack = max(1, n // 3)
    if n > len(words) or len(set(label) - set(words)) > slack:
        return None
    best: tuple[float, int] | None = None
    for i in range(len(words) - n + 1):
        scores = []
        for a, b in zip(label, words[i : i + n], strict=True):
            s = _word_score(a, b)
            if s is None:
                break
            scores.append(s)
        else:
            if sum(1 for s in scores if s < 100) > slack:
                continue
            mean = sum(scores) / n
            if mean >= threshold and (best is None or mean > best[0]):
                best = (mean, i)
    return best


def _contains(hay: str, needle: str) -> int:
    """Word-boundary position of ``needle`` in ``hay`` (both keys), or -1."""
    pos = f" {hay} ".find(f" {needle} ")
    return pos


_NO_LABEL_WORD = "_"  # stands for a word masked out of a key; no label key contains it


def _shares_a_word(key: str, at: int, label_key_: str) -> bool:
    """A label found by its skeleton at word *at* of *key* keeps at least one of its words intact there:
    ``ty 1e ho ngheo`` is ``tỷ lệ hộ nghèo``, but ``hoi nghi`` (hội nghị) is not ``hộ nghèo`` although the
    two share a skeleton."""
    words = label_key_.split()
    return any(a == b for a, b in zip(words, key.split()[at : at + len(words)], strict=False))


# --- concepts --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Concept:
    """An indicator concept as described in ``ontology/indicators.ttl``."""

    local: str
    pref_label_vi: str
    pref_label_en: str
    alt_labels: tuple[str, ...]
    hidden_labels: tuple[str, ...]
    component_labels: tuple[str, ...]
    broader: str | None
    polarity: str
    dimension: str
    definition: str
    close_match: tuple[str, ...]

    @property
    def iri(self) -> URIRef:
        return IND[self.local]

    @property
    def labels_vi(self) -> tuple[str, ...]:
        return (self.pref_label_vi, *self.alt_labels)


@dataclass(frozen=True)
class ConceptMatch:
    """A wording resolved to a concept."""

    local: str
    pref_label_vi: str
    score: float  # 1.0 exact; contains 0.75-1.0 by coverage; fuzzy = similarity / 100
    method: str  # exact | contains | fuzzy
    matched_label: str  # the label (or component wording) that matched, as written in the scheme
    polarity: str
    dimension: str
    broader: str | None


@dataclass(frozen=True)
class _Label:
    key: str
    skel: str
    text: str
    local: str
    acronym: bool

    @property
    def usable(self) -> bool:
        """Single-word labels are too generic unless they are acronyms (``HDI``, ``BHYT``)."""
        return " " in self.key or (self.acronym and len(self.key) >= 3)


def _local(iri: object) -> str:
    return str(iri).rsplit("/", 1)[-1]


def _lit(g: Graph, s: URIRef, p: URIRef, lang: str | None = None) -> list[str]:
    out = [str(o) for o in g.objects(s, p) if isinstance(o, Literal) and (lang is None or o.language == lang)]
    return sorted(out)


def _parse(path: Path) -> Graph:
    g = Graph()
    try:
        g.parse(path, format="turtle")
    except FileNotFoundError as e:
        raise ShapeError(f"missing vocabulary file ({e})", where=str(path)) from e
    except Exception as e:  # rdflib raises several parser exception types
        raise ShapeError(f"cannot parse vocabulary: {e}", where=str(path)) from e
    return g


def _one(values: list[str], what: str, local: str) -> str:
    if len(values) != 1:
        msg = f"concept {local} needs exactly one {what}, has {len(values)}"
        raise ShapeError(msg, where="indicators.ttl")
    return values[0]


def concepts_from_graph(g: Graph) -> tuple[Concept, ...]:
    out = []
    for s in sorted(set(g.subjects(RDF.type, PK.Indicator))):
        local = _local(s)
        broader = [_local(o) for o in g.objects(s, SKOS.broader)]
        out.append(
            Concept(
                local=local,
                pref_label_vi=_one(_lit(g, s, SKOS.prefLabel, "vi"), "skos:prefLabel@vi", local),
                pref_label_en=_one(_lit(g, s, SKOS.prefLabel, "en"), "skos:prefLabel@en", local),
                alt_labels=tuple(_lit(g, s, SKOS.altLabel, "vi")),
                hidden_labels=tuple(_lit(g, s, SKOS.hiddenLabel)),
                component_labels=tuple(_lit(g, s, PK.componentLabel)),
                broader=sorted(broader)[0] if broader else None,
                polarity=_one(_lit(g, s, PK.polarity), "pk:polarity", local),
                dimension=_one(_lit(g, s, PK.dimension), "pk:dimension", local),
                definition=_one(_lit(g, s, SKOS.definition, "en"), "skos:definition@en", local),
                close_match=tuple(sorted(str(o) for o in g.objects(s, SKOS.closeMatch))),
            )
        )
    return tuple(out)


def _KEY(lb: _Label) -> str:  # noqa: N802
    return lb.key


def _SKEL(lb: _Label) -> str:  # noqa: N802
    return lb.skel


def _is_acronym(label: str) -> bool:
    letters = [c for c in label if c.isalpha()]
    return bool(letters) and " " not in label.strip() and all(c.isupper() for c in letters)


class IndicatorIndex:
    """The indicator scheme, indexed for matching. Use :meth:`load` (parsed once per process and path)."""

    def __init__(self, concepts: Iterable[Concept]) -> None:
        self._concepts = {c.local: c for c in concepts}
        self._children: dict[str, list[str]] = {}
        for c in self._concepts.values():
            if c.broader:
                self._children.setdefault(c.broader, []).append(c.local)
        labels: list[_Label] = []
        for c in self._concepts.values():
            for text in {*c.labels_vi, *c.hidden_labels}:
                key = label_key(text)
                if key:
                    labels.append(_Label(key, skeleton(key), text, c.local, _is_acronym(text)))
        # Prefer the written (pref/alt) form over the hidden one when both give the same key: it sorts last.
        labels.sort(key=lambda lb: (lb.local, lb.key, not (lb.text.islower() and lb.text.isascii()), lb.text))
        seen: dict[tuple[str, str], _Label] = {}
        for lb in labels:
            seen[(lb.local, lb.key)] = lb
        self._labels = sorted(seen.values(), key=lambda lb: (lb.key, lb.local))
        self._exact = self._unique(lambda lb: lb.key)
        self._acronyms = frozenset(lb.key for lb in self._labels if lb.acronym)
        # Skeletons only for several-word labels: an acronym's skeleton ("HDI" → "ha") is an ordinary word's.
        self._skel = {
            k: lb for k, lb in self._unique(lambda lb: lb.skel).items() if " " in lb.key and not lb.acronym
        }
        # For containment: per pass (keys, then skeletons), the usable labels that own their needle, by the
        # needle's first two words (its only word); a label can only be inside a wording that has them.
        # Each entry: (rank, the needle padded with spaces for a word-boundary find, its word count, label).
        self._by_first: list[dict[str, list[tuple[int, str, int, _Label]]]] = []
        for attr, owned in ((_KEY, self._exact), (_SKEL, self._skel)):
            index: dict[str, list[tuple[int, str, int, _Label]]] = {}
            for rank, lb in enumerate(self._labels):
                needle = attr(lb)
                if lb.usable and needle in owned:
                    entry = (rank, f" {needle} ", needle.count(" ") + 1, lb)
                    index.setdefault(" ".join(needle.split(" ", 2)[:2]), []).append(entry)
            self._by_first.append(index)
        # For fuzzy alignment: labels of three words at least (shorter ones align by chance), split once.
        self._fuzzy_labels = [
            (lb, words, frozenset(words))
            for lb in self._labels
            if not lb.acronym and lb.key.count(" ") >= 2
            for words in [lb.key.split()]
        ]
        self._fuzzy_by_word: dict[str, list[int]] = {}
        for idx, (_lb, _words, label_set) in enumerate(self._fuzzy_labels):
            for w in label_set:
                self._fuzzy_by_word.setdefault(w, []).append(idx)
        self._cache: dict[str, ConceptMatch | None] = {}

    def _unique(self, attr: Callable[[_Label], str]) -> dict[str, _Label]:
        """Map a key (or skeleton) to its label, dropping keys that two concepts share."""
        owners: dict[str, set[str]] = {}
        first: dict[str, _Label] = {}
        for lb in self._labels:
            k = attr(lb)
            owners.setdefault(k, set()).add(lb.local)
            first.setdefault(k, lb)
        return {k: lb for k, lb in first.items() if len(owners[k]) == 1}

    # -- loading ------------------------------------------------------------------------------------------

    @classmethod
    def load(cls, path: str | Path | None = None) -> IndicatorIndex:
        return _load(str(path)) if path else _load_default()

    # -- lookups ------------------------------------------------------------------------------------------

    def concepts(self) -> tuple[Concept, ...]:
        return tuple(self._concepts[k] for k in sorted(self._concepts))

    def concept(self, local: str) -> Concept:
        """The concept with this local name; ``KeyError`` when there is none."""
        return self._concepts[local]

    def polarity(self, local: str) -> str:
        return self._concepts[local].polarity

    def dimension(self, local: str) -> str:
        return self._concepts[local].dimension

    def broader(self, local: str) -> str | None:
        return self._concepts[local].broader

    def narrower(self, local: str) -> tuple[str, ...]:
        return tuple(sorted(self._children.get(local, ())))

    def ancestors(self, local: str) -> tuple[str, ...]:
        out: list[str] = []
        cur = self._concepts[local].broader
        while cur and cur not in out:
            out.append(cur)
            cur = self._concepts[cur].broader if cur in self._concepts else None
        return tuple(out)

    # -- matching -----------------------------------------------------------------------------------------

    def match(self, label: str, context: str = "") -> ConceptMatch | None:
        """The concept a stated indicator wording refers to, or ``None``.

        ``context`` is the wording of the figure's parent (and headings), several parts joined by `` | ``,
        nearest first; it resolves component wordings (``dịch vụ tăng 13%/năm`` under GRDP growth).
        """
        direct = self._match_text(label)
        if not context:
            return direct
        for part in context.split(" | "):
            parent = self._match_text(part)
            if parent is None or not self._children.get(parent.local):
                continue
            comp = self._match_component(label, parent.local)
            if comp is None:
                break
            if direct is None or direct.method == "fuzzy" or direct.local == parent.local:
                return comp
            if direct.local == comp.local or direct.local in self.ancestors(comp.local):
                return comp
            if len(label_key(direct.matched_label)) <= len(label_key(comp.matched_label)):
                return comp
            break
        return direct

    def _match_text(self, text: str) -> ConceptMatch | None:
        key = self._mask_lowercase_acronyms(label_key(text), text)
        if not key:
            return None
        segments = [s.strip() for s in _SPLIT.split(key)]
        segments = [s for s in segments if s]
        for seg in segments:
            m = self._match_key(seg)
            if m is not None:
                return m
        return None

    def _mask_lowercase_acronyms(self, key: str, text: str) -> str:
        """*key* with the acronym labels (``HDI``, ``PCI``) that *text* does not write in capitals replaced by
        a word no label has: in OCR text ``hdi`` is ``hội`` (``hdi nghi``, hội nghị), not the Human
        Development Index."""
        words = key.split()
        if not any(w in self._acronyms for w in words):
            return key
        capitals = {label_key(w) for w in re.findall(r"\w+", text) if w.isupper()}
        return " ".join(_NO_LABEL_WORD if w in self._acronyms and w not in capitals else w for w in words)

    def _match_key(self, key: str) -> ConceptMatch | None:
        if key not in self._cache:
            self._cache[key] = self._match_key_uncached(key)
        return self._cache[key]

    def _match_key_uncached(self, key: str) -> ConceptMatch | None:
        hit = self._exact.get(key)
        if hit is not None:
            return self._result(hit.local, 1.0, "exact", hit.text)
        skel = skeleton(key)
        hit = self._skel.get(skel)
        if hit is not None and " " in key:
            return self._result(hit.local, 0.95, "exact", hit.text)
        best = self._best_contained(key, skel)
        if best is not None:
            lb, cover = best
            return self._result(lb.local, round(0.75 + 0.25 * cover, 3), "contains", lb.text)
        return self._fuzzy(key)

    def _best_contained(self, key: str, skel: str) -> tuple[_Label, float] | None:
        """Leftmost-longest label inside the wording (keys first, then skeletons), most specific concept."""
        # (token position, -tokens, pass, concept, rank in the label list, label)
        found: list[tuple[int, int, int, str, int, _Label]] = []
        for npass, hay in enumerate((key, skel)):
            index = self._by_first[npass]
            padded = f" {hay} "
            words = hay.split()
            heads = set(words) | {f"{a} {b}" for a, b in zip(words, words[1:], strict=False)}
            for head in heads:
                for rank, needle, tokens, lb in index.get(head, ()):
                    pos = padded.find(needle)  # as _contains(hay, needle)
                    if pos >= 0 and (npass == 0 or _shares_a_word(key, hay[:pos].count(" "), lb.key)):
                        found.append((hay[:pos].count(" "), -tokens, npass, lb.local, rank, lb))
        if not found:
            return None
        locals_ = {f[3] for f in found}
        # The most specific concept: drop any candidate that is an ancestor of another candidate.
        shadowed = {a for loc in locals_ for a in self.ancestors(loc)}
        found = [f for f in found if f[3] not in shadowed]
        tok, neg_len, _npass, _local, _rank, lb = min(found, key=lambda f: f[:5])
        lb = self._named_siblings_parent(lb, key)
        return lb, min(1.0, -neg_len / max(key.count(" ") + 1, 1))

    def _named_siblings_parent(self, lb: _Label, key: str) -> _Label:
        """A wording that names two components of one parent (``đô thị, nông thôn``) means the parent."""
        parent = self._concepts[lb.local].broader
        if parent is None:
            return lb
        named = {
            child
            for child in self._children.get(parent, ())
            for text in self._concepts[child].component_labels
            if _contains(key, label_key(text)) >= 0
        }
        if len(named) < 2:
            return lb
        pref = self._concepts[parent].pref_label_vi
        k = label_key(pref)
        return _Label(k, skeleton(k), pref, parent, False)

    def _fuzzy(self, key: str) -> ConceptMatch | None:
        words = key.split()
        present = set(words)
        shared: dict[int, int] = {}
        for w in present:
            for idx in self._fuzzy_by_word.get(w, ()):
                shared[idx] = shared.get(idx, 0) + 1
        best: tuple[float, int, int, str, _Label] | None = None
        for idx in sorted(shared):
            lb, label_words, label_set = self._fuzzy_labels[idx]
            if len(label_words) > len(words) or len(label_set) - shared[idx] > max(1, len(label_words) // 3):
                continue  # more inexact words than _align allows
            s = _align(label_words, words, FUZZY_WORDS)
            if s is not None:
                cand = (s[0], lb.key.count(" "), -s[1], lb.local, lb)
                if best is None or cand[:4] > best[:4]:
                    best = cand
        if best is None:
            return None
        return self._result(best[4].local, round(best[0] / 100, 3), "fuzzy", best[4].text)

    def _match_component(self, label: str, parent: str) -> ConceptMatch | None:
        key = label_key(label)
        seg = next((s.strip() for s in _SPLIT.split(key) if s.strip()), key)
        skel = skeleton(seg)
        best: tuple[int, int, str, str] | None = None  # (tokens, -position, local, text)
        fz: tuple[float, int, int, str, str] | None = None
        for child in sorted(self._children.get(parent, ())):
            for text in self._concepts[child].component_labels:
                ck = label_key(text)
                for hay, needle in ((seg, ck), (skel, skeleton(ck))):
                    pos = _contains(hay, needle)
                    if pos >= 0:
                        cand = (needle.count(" "), -hay[:pos].count(" "), child, text)
                        if best is None or cand[:3] > best[:3]:
                            best = cand
                if " " in ck:
                    s = _align(ck.split(), seg.split(), FUZZY_COMPONENT_WORDS)
                    if s is not None and (fz is None or (s[0], ck.count(" ")) > fz[:2]):
                        fz = (s[0], ck.count(" "), s[1], child, text)
        if best is not None:
            return self._result(best[2], 0.9, "contains", best[3])
        if fz is not None:
            return self._result(fz[3], round(fz[0] / 100, 3), "fuzzy", fz[4])
        return None

    def _result(self, local: str, score: float, method: str, matched: str) -> ConceptMatch:
        c = self._concepts[local]
        return ConceptMatch(
            local=local,
            pref_label_vi=c.pref_label_vi,
            score=score,
            method=method,
            matched_label=matched,
            polarity=c.polarity,
            dimension=c.dimension,
            broader=c.broader,
        )


@lru_cache(maxsize=4)
def _load(path: str) -> IndicatorIndex:
    return IndicatorIndex(concepts_from_graph(_parse(Path(path))))


@lru_cache(maxsize=1)
def _load_default() -> IndicatorIndex:
    return _load(str(ontology_path("indicators.ttl")))


def match(label: str, context: str = "") -> ConceptMatch | None:
    """Shortcut for ``IndicatorIndex.load().match(label, context)``."""
    return IndicatorIndex.load().match(label, context)


def polarity(local: str) -> str:
    return IndicatorIndex.load().polarity(local)


def broader(local: str) -> str | None:
    return IndicatorIndex.load().broader(local)


def concepts() -> tuple[Concept, ...]:
    return IndicatorIndex.load().concepts()


# --- regenerating the generated tail of each TTL block ---------------------------------------------------

GENERATED_MARK = (
    "    # generated by `python -m builder.link.{module} --regen`: do not edit below in this block"
)
_WRAP = 110


def _wrap_values(pred: str, values: list[str]) -> list[str]:
    """``pred v1, v2, ...`` wrapped at the line length, continuation lines indented by 8."""
    lines: list[str] = []
    cur = f"    {pred} "
    for i, v in enumerate(values):
        piece = v + ("," if i < len(values) - 1 else "")
        if len(cur) + len(piece) > _WRAP and cur.strip() != pred:
            lines.append(cur.rstrip())
            cur = "        "
        cur += piece + " "
    lines.append(cur.rstrip())
    return lines


def regenerate_text(
    text: str, subject_prefix: str, module: str, generated: Callable[[str], list[tuple[str, list[str]]]]
) -> str:
    """Rewrite the generated tail of every ``<subject_prefix>local a ...`` block of a Turtle file.

    ``generated(local)`` gives ``(predicate, [object n3, ...])`` pairs for the block. Everything else in the
    file (comments, hand-written statements, their order) is kept as written.
    """
    mark = GENERATED_MARK.format(module=module)
    blocks = text.split("\n\n")
    out = []
    head = re.compile(rf"^{re.escape(subject_prefix)}([A-Za-z0-9_]+) a ")
    for block in blocks:
        lines = block.split("\n")
        start = next((i for i, ln in enumerate(lines) if head.match(ln)), None)
        if start is None:
            out.append(block)
            continue
        local = head.match(lines[start]).group(1)  # type: ignore[union-attr]
        trailing: list[str] = []
        while lines and not lines[-1].strip():
            trailing.append(lines.pop())
        if mark in lines:
            lines = lines[: lines.index(mark)]
        last = lines[-1].rstrip()
        if not last.endswith((";", ".")):
            raise ShapeError(f"block {local} does not end with ';' or '.'", where=subject_prefix)
        lines[-1] = last[:-1].rstrip() + " ;"
        body: list[str] = [mark]
        gen = [(p, vs) for p, vs in generated(local) if vs]
        for i, (pred, values) in enumerate(gen):
            wrapped = _wrap_values(pred, values)
            wrapped[-1] += " ." if i == len(gen) - 1 else " ;"
            body.extend(wrapped)
        if not gen:
            lines[-1] = lines[-1][:-1].rstrip() + " ."
            body = []
        out.append("\n".join(lines + body + trailing))
    result = "\n\n".join(out)
    return result if result.endswith("\n") else result + "\n"


def _indicator_generated(g: Graph) -> Callable[[str], list[tuple[str, list[str]]]]:
    def gen(local: str) -> list[tuple[str, list[str]]]:
        s = IND[local]
        if (s, RDF.type, SKOS.ConceptScheme) in g:
            concepts = g.subjects(RDF.type, PK.Indicator)
            tops = sorted(_local(c) for c in concepts if not list(g.objects(c, SKOS.broader)))
            return [("skos:hasTopConcept", [f"ind:{t}" for t in tops])]
        labels = _lit(g, s, SKOS.prefLabel, "vi") + _lit(g, s, SKOS.altLabel, "vi")
        hidden = sorted({hidden_form(x) for x in labels})
        out = [("skos:inScheme", ["ind:scheme"])]
        if not list(g.objects(s, SKOS.broader)):
            out.append(("skos:topConceptOf", ["ind:scheme"]))
        out.append(("skos:hiddenLabel", [Literal(h).n3() for h in hidden]))
        return out

    return gen


def regenerate_indicators(path: Path) -> str:
    """The text of ``indicators.ttl`` with its generated parts (scheme membership, hidden labels) renewed."""
    text = path.read_text(encoding="utf-8")
    g = _parse(path)
    return regenerate_text(text, "ind:", "indicators", _indicator_generated(g))


def main(argv: list[str] | None = None) -> int:
    """``--regen`` rewrites ``ontology/indicators.ttl``; ``--check`` exits 1 when it is out of date."""
    args = sys.argv[1:] if argv is None else argv
    path = ontology_path("indicators.ttl")
    new = regenerate_indicators(path)
    if "--check" in args:
        ok = new == path.read_text(encoding="utf-8")
        print("indicators.ttl is in sync" if ok else "indicators.ttl is out of date: run --regen")
        return 0 if ok else 1
    if "--regen" in args or "--regen-hidden" in args:
        path.write_text(new, encoding="utf-8")
        print(f"wrote {path}")
        return 0
    print("usage: python -m builder.link.indicators --regen | --check")
    return 2


if __name__ == "__main__":
    raise SystemExit(main())
