"""Word-level OCR repair: folded tokens that are not Vietnamese syllables, read back through a dictionary.

OCR of Vietnamese scans reads a marked vowel as some other glyph: ``ư`` as ``ir``, ``ii``, ``ti``, ``it`` or
``tr`` ("chirc" chức, "ciia" của, "nhitng" những), ``ơ``/``ộ``/``â`` as ``d``, ``g``, ``b``, ``6``, ``4`` or ``&``
("nudc" nước, "dugc" được, "bd" bộ, "x4" xã), a final ``c`` as ``e`` ("duge" được), an initial ``l`` as ``1``
("16n" lên) and one vowel as another or as two glyphs ("théng" thông, "duogc" được). The character-level repair
of :mod:`builder.normalise` cannot undo these: a ``d`` is also a letter.

Here a folded token is repaired only when it is not a syllable of the dictionary, and then only to a syllable of
the dictionary at most two such confusions away (:data:`CONFUSIONS`). The candidate chosen is the one most common
and most often seen next to the token's neighbours, each confusion counted as a cost (:class:`Speller`): "nha
nudc" → "nha nuoc", "ty 1&" → "ty le". It must score at least twice the next, and something besides smoothing
must speak for it, or the token is left alone. The dictionary is underthesea's Viet74K word list (its syllables,
and its pairs of consecutive syllables as one sighting each); pairs are also counted in the VLSP 2013 sentences
that come with it (the ``underthesea`` package on PyPI), and syllables and pairs in the document being read.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from importlib.metadata import PackageNotFoundError, files

from .errors import EnvironmentProblem

# OCR glyph → the folded letters it may stand for, and where it may stand: "all" (anywhere: no syllable has
# "ir"), "any" (not the first character), "first" (only the first) or "last" (only the last).
CONFUSIONS: tuple[tuple[str, str, str], ...] = (
    ("ir", "u", "all"),
    ("ii", "u", "any"),
    ("ti", "u", "any"),
    ("it", "u", "any"),
    ("tr", "u", "any"),
    ("d", "aeiouy", "any"),
    ("g", "aeiouy", "any"),
    ("b", "aeiouy", "any"),
    ("6", "aeiouy", "any"),
    ("4", "aeiouy", "any"),
    ("&", "aeiouy", "any"),
    ("@", "aeiouy", "any"),
    ("e", "c", "last"),
    ("1", "l", "first"),
    ("l", "i", "first"),
    # a marked vowel read as another vowel: é for ô/ơ/â/a ("théng" thông, "véi" với), i for ă/â/u ("nim" năm,
    # "cing" cũng), y for ư ("thyc" thực); w for an opening ư ("wong" ương)
    ("e", "aou", "any"),
    ("i", "au", "any"),
    ("y", "u", "any"),
    ("w", "u", "first"),
    # one vowel read as two glyphs: "duogc" được, "nhieem" nhiệm, "dugce" được ("od" and "do" are not: in "cdo"
    # cáo, "gido" giáo the d is the vowel)
    ("og", "o", "any"),
    ("ee", "e", "any"),
    ("ce", "c", "last"),
)
MAX_CONFUSIONS = 2
CONFUSION_COST = 0.1  # how much less likely a reading is for each confusion it assumes
MIN_EVIDENCE = 2  # sightings below which a count decides nothing
DICTIONARY = "underthesea/corpus/data/Viet74K.txt"
# Running text that comes with the same package (the VLSP 2013 test sentences, one word per line with its tags):
# how often each syllable and each pair of syllables occurs. Optional: without it, ties are left alone.
RUNNING_TEXT = "underthesea/pipeline/pos_tag/models/pos_crf_vlsp2013_20230303/test_output.txt"
_SPLIT = re.compile(r"([a-z0-9&@]+)")
_VOWEL = re.compile(r"[aeiouy]")
_ROMAN = re.compile(r"X{0,3}(?:IX|IV|V?I{0,3})")


@dataclass(frozen=True)
class Lexicon:
    """The folded syllables of the dictionary (with the number of its words each is part of) and its pairs of
    consecutive syllables; how often syllables and pairs of syllables occur in running text."""

    syllables: Counter[str]
    pairs: frozenset[tuple[str, str]]
    frequency: Counter[str]
    bigrams: Counter[tuple[str, str]]


def _package_text(path: str) -> str | None:
    try:
        found = next(f for f in files("underthesea") or () if str(f) == path)
        return found.read_text(encoding="utf-8")
    except (PackageNotFoundError, StopIteration, OSError):
        return None


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    text = _package_text(DICTIONARY)
    if text is None:
        raise EnvironmentProblem(f"the Vietnamese dictionary {DICTIONARY} is missing: pip install underthesea")
    syllables: Counter[str] = Counter()
    pairs: set[tuple[str, str]] = set()
    for line in _fold_all(text).splitlines():
        parts = line.replace("-", " ").split()
        syllables.update(set(parts))
        pairs.update(itertools.pairwise(parts))
    frequency: Counter[str] = Counter()
    bigrams: Counter[tuple[str, str]] = Counter()
    sentence: list[str] = []
    for line in _fold_all(_package_text(RUNNING_TEXT) or "").splitlines() + [""]:
        word = line.split("\t", 1)[0]
        if word and _VOWEL.search(word):
            sentence += word.split()
            continue
        frequency.update(sentence)
        bigrams.update(itertools.pairwise(sentence))
        sentence = []
    return Lexicon(syllables, frozenset(pairs), frequency, bigrams)


def _fold_all(text: str) -> str:
    """:func:`builder.normalise.fold` of a long text, one translation table for its distinct characters."""
    from .normalise import fold_char

    return text.translate({ord(c): fold_char(c) for c in set(text)})


def _spots(token: str) -> list[tuple[int, str, str]]:
    out = []
    for i in range(len(token)):
        for glyph, letters, where in CONFUSIONS:
            if not token.startswith(glyph, i):
                continue
            if glyph.isdigit() and re.fullmatch(r"\d*", token[i:]) and token[i - 1 : i].isdigit():
                continue  # a footnote number ("phú⁶⁴" folds to "phu64"), not a letter read as a digit
            if where == "all" or (where == "any" and i > 0) or (where == "first" and i == 0) or (
                where == "last" and i + len(glyph) == len(token)
            ):
                out.append((i, glyph, letters))
    return out


@lru_cache(maxsize=1 << 15)
def candidates(token: str) -> dict[str, int]:
    """Dictionary syllables that *token* may be an OCR reading of → the number of confusions between them."""
    known = lexicon().syllables
    out: dict[str, int] = {}
    spots = _spots(token)
    for k in range(1, MAX_CONFUSIONS + 1):
        for combo in itertools.combinations(spots, k):
            if any(a[0] + len(a[1]) > b[0] for a, b in itertools.pairwise(combo)):
                continue  # overlapping glyphs
            for letters in itertools.product(*(c[2] for c in combo)):
                parts, pos = [], 0
                for (i, glyph, _), letter in zip(combo, letters, strict=True):
                    parts += [token[pos:i], letter]
                    pos = i + len(glyph)
                word = "".join(parts) + token[pos:]
                if word in known and _VOWEL.search(word) and word not in out:
                    out[word] = k
    return out


class Speller:
    """Chooses among a token's candidates by how common they are and how often they are seen next to the token's
    neighbours (:meth:`respell`).

    Pairs of syllables are counted in the document being read (when one is given), in the running text and in
    the dictionary (one sighting per word). How common a syllable is on its own is counted in the document when
    one is given, since the running text is law and news ("luật" is common there, "lượt" in a plan), else in the
    running text."""

    def __init__(self, document: list[str] | None = None) -> None:
        """*document*: the tokens of the document being read, in order."""
        lex = lexicon()
        self.pairs = lex.pairs
        self.corpus_bigrams = lex.bigrams
        words = [t if t in lex.syllables else "" for t in document or ()]
        self.own_bigrams = Counter((a, b) for a, b in itertools.pairwise(words) if a and b)
        self.frequency = Counter(w for w in words if w) if document is not None else lex.frequency
        self._cache: dict[tuple[str, str, str], str] = {}

    def respell(self, before: str, token: str, after: str) -> str:
        """The syllable *token* stands for, between the tokens *before* and *after* ("" at an edge); *token*
        itself when it is a syllable, has no candidate, or no candidate at least twice as likely as the next.

        The evidence is weighed in tiers: sightings next to the neighbours in the document itself, then in the
        running text and the dictionary, then how common each candidate is (a neighbour that is no syllable
        counts for nothing). A tier decides when one candidate has at least MIN_EVIDENCE sightings and twice the
        next's count, once each confusion has divided a candidate's count by CONFUSION_COST; a tier that speaks
        for two candidates alike leaves the token alone; weaker evidence passes to the next tier."""
        key = (before, token, after)
        if key not in self._cache:
            self._cache[key] = self._respell(before, token, after)
        return self._cache[key]

    def _respell(self, before: str, token: str, after: str) -> str:
        if len(token) < 2 or token.isdigit() or token in lexicon().syllables:
            return token
        found = candidates(token)
        if not found:
            return token
        if len(found) == 1:
            return next(iter(found))
        known = lexicon().syllables
        left, right = (before if before in known else None), (after if after in known else None)

        def beside(counts: Counter[tuple[str, str]], word: str) -> float:
            return (counts[left, word] if left else 0) + (counts[word, right] if right else 0)

        # strongest evidence first: the document's own pairs, then the running text's and the dictionary's,
        # then how common the syllable is; each confusion divides it by ten
        levels = (
            lambda w: beside(self.own_bigrams, w),
            lambda w: beside(self.corpus_bigrams, w) + ((left, w) in self.pairs) + ((w, right) in self.pairs),
            lambda w: self.frequency[w],
        )
        for level in levels:
            scores = sorted(((level(w) * CONFUSION_COST ** found[w], w) for w in found), reverse=True)
            (first, best), second = scores[0], scores[1][0]
            if first >= 2 * second and level(best) >= MIN_EVIDENCE:
                return best
            if second and first < 2 * second:
                return token  # this evidence speaks for two candidates alike
        return token


def _written_as_is(original: str, start: int, end: int) -> bool:
    """The token ``original[start:end]`` is written as it is meant: a Roman numeral ("III", "VIII"), an
    abbreviation with capitals after its first letter ("TTr", "HĐND"), or in capitals in a line that is not
    ("thu hút FDI") or alone (a label "HDI")."""
    token = original[start:end]
    if token.isupper():
        line = original[original.rfind("\n", 0, start) + 1 : (original.find("\n", end) + 1 or len(original) + 1) - 1]
        return bool(_ROMAN.fullmatch(token)) or not line.isupper() or line.strip() == token
    return any(c.isupper() for c in token[1:])


@lru_cache(maxsize=1)
def _plain_speller() -> Speller:
    return Speller()


def edits(text: str, original: str | None = None, *, document: bool = False) -> list[tuple[int, int, str]]:
    """``(start, end, replacement)`` of each repaired token of folded *text*, the smallest range that changes.

    ``original`` is the unfolded text aligned with *text* (same length), when known: tokens written as they are
    meant (:func:`_written_as_is`) are then left alone. ``document=True`` when *text* is a whole document: its
    own clean words then count in the choice (:class:`Speller`)."""
    known = lexicon().syllables
    pieces = _SPLIT.split(text)  # separator, token, separator, token, …, separator
    words = pieces[1::2]
    suspects = [j for j, word in enumerate(words) if word not in known and candidates(word)]
    if not suspects:
        return []
    ends = list(itertools.accumulate(map(len, pieces)))
    speller = Speller(words) if document else _plain_speller()
    out = []
    for j in suspects:
        token, start, end = words[j], ends[2 * j], ends[2 * j + 1]
        if original is not None and _written_as_is(original, start, end):
            continue
        before = words[j - 1] if j else ""
        after = words[j + 1] if j + 1 < len(words) else ""
        word = speller.respell(before, token, after)
        if word == token:
            continue
        head = len(_common_prefix(token, word))
        tail = len(_common_prefix(token[head:][::-1], word[head:][::-1]))
        out.append((start + head, end - tail, word[head : len(word) - tail]))
    return out


def _common_prefix(a: str, b: str) -> str:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return a[:n]


def respell_text(text: str, original: str | None = None) -> str:
    """Folded *text* with every repaired token replaced (*original* as for :func:`edits`)."""
    out, pos = [], 0
    for a, b, new in edits(text, original):
        out += [text[pos:a], new]
        pos = b
    return "".join(out) + text[pos:]
