"""Word-level OCR repair: folded tokens that are not Vietnamese syllables, read back through a dictionary.

OCR of Vietnamese scans reads a marked vowel as some other glyph: ``ư`` as ``ir``, ``ii``, ``ti``, ``it`` or
``tr`` ("chirc" chức, "ciia" của, "nhitng" những), ``ơ``/``ộ``/``â`` as ``d``, ``g``, ``b``, ``6``, ``4`` or ``&``
("nudc" nước, "dugc" được, "bd" bộ, "x4" xã), a final ``c`` as ``e`` ("duge" được), an initial ``l`` as ``1``
("16n" lên) and one vowel as another or as two glyphs ("théng" thông, "duogc" được). The character-level repair
of :mod:`builder.normalise` cannot undo these: a ``d`` is also a letter.

Here a folded token is repaired only when it is not a syllable of the dictionary, and then only to a syllable of
the dictionary at most two such confusions away (:data:`CONFUSIONS`), chosen by the evidence of its neighbours
(:meth:`Speller.respell`): first how often each candidate stands next to them in the document itself, then in
running text and the dictionary's words, then how common it is in the document ("nha nudc" → "nha nuoc", "ty 1&"
→ "ty le"). A candidate must clearly lead, or the token is left alone. In a document whose words are often no
syllable (OCR output), a real syllable is also reread where it never stands next to its neighbours outside the
document and a reading one confusion away does (:meth:`Speller.reread`: "thanh phe" → "thanh pho").

The dictionary is underthesea's Viet74K word list (its syllables, and its pairs of consecutive syllables as one
sighting each); the running text is the VLSP 2013 sentences that come with it (the ``underthesea`` package on
PyPI). Both are folded, and cached as JSON (:func:`cache_path`).
"""

from __future__ import annotations

import itertools
import json
import os
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from importlib.metadata import PackageNotFoundError, files, version
from pathlib import Path

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
    ("b", "d", "first"),  # Đ read as B ("Bat" đạt, "BANG BO" Đảng bộ)
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
DAMAGED_SHARE = 0.03  # share of non-syllables above which a document is OCR output whose real words are checked
REREAD_EVIDENCE = 3  # sightings in the document that a real word's replacement needs (Speller.reread)
DICTIONARY = "underthesea/corpus/data/Viet74K.txt"
LEXICON_FORMAT = 1  # bump when what the lexicon holds, or how it is read, changes
# Running text that comes with the same package (the VLSP 2013 test sentences, one word per line with its tags):
# how often each syllable and each pair of syllables occurs. Optional: without it, ties are left alone.
RUNNING_TEXT = "underthesea/pipeline/pos_tag/models/pos_crf_vlsp2013_20230303/test_output.txt"
_SPLIT = re.compile(r"([a-z0-9&@]+)")
_VOWEL = re.compile(r"[aeiouy]")
_ROMAN = re.compile(r"X{0,3}(?:IX|IV|V?I{0,3})")


@dataclass(frozen=True)
class Lexicon:
    """The folded syllables of the dictionary and its pairs of consecutive syllables; how often syllables and
    pairs of syllables occur in running text."""

    syllables: frozenset[str]
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
    """The lexicon, from the cache file (:func:`cache_path`) when one was written for this underthesea version,
    else read from the package (a quarter of a second) and cached."""
    path = cache_path()
    cached = _read_cache(path)
    if cached is not None:
        return cached
    lex = _read_lexicon()
    _write_cache(path, lex)
    return lex


def _read_cache(path: Path) -> Lexicon | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return Lexicon(
            frozenset(data["syllables"]),
            frozenset(map(tuple, data["pairs"])),
            Counter(data["frequency"]),
            Counter({(a, b): n for a, b, n in data["bigrams"]}),
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None  # none yet, or broken: read the package again


def _write_cache(path: Path, lex: Lexicon) -> None:
    data = {
        "syllables": sorted(lex.syllables),
        "pairs": sorted(lex.pairs),
        "frequency": dict(sorted(lex.frequency.items())),
        "bigrams": sorted((a, b, n) for (a, b), n in lex.bigrams.items()),
    }
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(f".{os.getpid()}.tmp")  # written whole, then renamed: readers never see half
        partial.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        os.replace(partial, path)
    except OSError:
        pass  # a read-only home: the lexicon is read from the package each time


def cache_path() -> Path:
    """``$PLANKG_CACHE`` (else ``$XDG_CACHE_HOME/plankg``, else ``~/.cache/plankg``) / one file per underthesea
    version and :data:`LEXICON_FORMAT`."""
    root = os.environ.get("PLANKG_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "plankg"
    )
    try:
        release = version("underthesea")
    except PackageNotFoundError:
        release = "none"
    return Path(root) / f"lexicon-underthesea-{release}-v{LEXICON_FORMAT}.json"


def _read_lexicon() -> Lexicon:
    text = _package_text(DICTIONARY)
    if text is None:
        raise EnvironmentProblem(f"the Vietnamese dictionary {DICTIONARY} is missing: pip install underthesea")
    words = [line.split() for line in _fold_all(text).replace("-", " ").splitlines()]
    syllables = frozenset(itertools.chain.from_iterable(words))
    pairs = frozenset(itertools.chain.from_iterable(itertools.pairwise(w) for w in words if len(w) > 1))
    # The running text has one word per line ("tiếp cận\tB-V\tB-V"), a blank line between sentences; a word
    # without a vowel (punctuation, a number) breaks the run of syllables as a sentence end does.
    column = re.sub(r"(?m)\t.*$", "", _fold_all(_package_text(RUNNING_TEXT) or ""))
    runs = [run.split() for run in re.sub(r"(?m)^[^aeiouy\n]*$", "\n", column).replace("\n\n", "\f").split("\f")]
    frequency = Counter(itertools.chain.from_iterable(runs))
    bigrams = Counter(itertools.chain.from_iterable(itertools.pairwise(r) for r in runs))
    return Lexicon(syllables, pairs, frequency, bigrams)


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
    """Reads a damaged token back (:meth:`respell`) and rereads a real syllable OCR may have misread
    (:meth:`reread`), by how often candidates are seen next to the token's neighbours and how common they are.

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
        counts for nothing). A tier decides when one candidate has at least MIN_EVIDENCE sightings and twice the next's
        count, once each confusion has divided a candidate's count by CONFUSION_COST; a tier that speaks for two
        candidates alike leaves the token alone; weaker evidence passes to the next tier. (The document's own
        pairs may hold misreadings too: "thôn mới" read "thon mai" three times makes "thon mei" "thon mai".)"""
        key = (before, token, after)
        if key not in self._cache:
            self._cache[key] = self._respell(before, token, after)
        return self._cache[key]

    def _respell(self, before: str, token: str, after: str) -> str:
        known = lexicon().syllables
        if len(token) < 2 or token.isdigit() or token in known:
            return token
        found = candidates(token)
        if not found:
            return token
        if len(found) == 1:
            return next(iter(found))
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

    def reread(self, before: str, token: str, after: str) -> str:
        """A real syllable OCR may have misread ("ting cuong" for tăng cường, "thanh phe" for thành phố): the
        candidate one confusion away that the running text or the dictionary puts next to the same neighbours
        and the document itself writes there more often than the token, at least REREAD_EVIDENCE times and twice
        as often as any other candidate, when the token is never seen there outside the document."""
        lex = lexicon()
        left, right = (before if before in lex.syllables else None), (after if after in lex.syllables else None)
        if left is None and right is None or len(token) < 2 or _seen_outside(lex, left, token, right):
            return token
        own = self.own_bigrams

        def sightings(word: str) -> int:
            return own[left, word] + own[word, right]

        scores = sorted(
            ((sightings(w), w) for w, k in candidates(token).items() if k == 1 and _seen_outside(lex, left, w, right)),
            reverse=True,
        )
        if not scores or scores[0][0] < REREAD_EVIDENCE or scores[0][0] <= sightings(token):
            return token
        if len(scores) > 1 and scores[0][0] < 2 * scores[1][0]:
            return token
        return scores[0][1]


def _seen_outside(lex: Lexicon, left: str | None, word: str, right: str | None) -> bool:
    """Whether the running text or the dictionary puts *word* after *left* or before *right*."""
    return bool(lex.bigrams[left, word] or lex.bigrams[word, right]) or (left, word) in lex.pairs or (
        (word, right) in lex.pairs
    )


def _written_as_is(original: str, start: int, end: int) -> bool:
    """The token ``original[start:end]`` is written as it is meant: a Roman numeral ("III", "VIII"), an
    abbreviation with capitals after its first letter ("TTr", "HĐND"), or in capitals in a line that is not
    ("thu hút FDI") or alone (a label "HDI")."""
    token = original[start:end]
    if token.isupper():
        line_end = original.find("\n", end)
        line = original[original.rfind("\n", 0, start) + 1 : line_end if line_end != -1 else len(original)]
        return bool(_ROMAN.fullmatch(token)) or not line.isupper() or line.strip() == token
    return any(c.isupper() for c in token[1:])


@lru_cache(maxsize=1)
def _plain_speller() -> Speller:
    return Speller()


def edits(text: str, original: str | None = None, *, document: bool = False) -> list[tuple[int, int, str]]:
    """``(start, end, replacement)`` of each repaired token of folded *text*, the smallest range that changes.

    ``original`` is the unfolded text aligned with *text* (same length), when known: tokens written as they are
    meant (:func:`_written_as_is`) are then left alone. ``document=True`` when *text* is a whole document: its
    own clean words then count in the choice (:class:`Speller`), and a damaged document's real words are checked
    too (:meth:`Speller.reread`)."""
    known = lexicon().syllables
    if known.issuperset(text.split()):
        return []  # words of known syllables between spaces (most labels and names): nothing to repair
    pieces = _SPLIT.split(text)  # separator, token, separator, token, …, separator
    words = pieces[1::2]
    if known.issuperset(words):
        return []
    suspects = [j for j, word in enumerate(words) if word not in known and candidates(word)]
    if not suspects:
        return []
    ends = list(itertools.accumulate(map(len, pieces)))
    speller = Speller(words) if document else _plain_speller()
    if document and _damaged_share(words, known) >= DAMAGED_SHARE:
        suspects = sorted({*suspects, *(j for j, word in enumerate(words) if word in known and candidates(word))})
    out = []
    for j in suspects:
        token, start, end = words[j], ends[2 * j], ends[2 * j + 1]
        if original is not None and _written_as_is(original, start, end):
            continue
        before = words[j - 1] if j else ""
        after = words[j + 1] if j + 1 < len(words) else ""
        if token in known:
            word = speller.reread(before, token, after)
        else:
            word = speller.respell(before, token, after)
        if word == token:
            continue
        head = len(os.path.commonprefix((token, word)))
        tail = len(os.path.commonprefix((token[head:][::-1], word[head:][::-1])))
        out.append((start + head, end - tail, word[head : len(word) - tail]))
    return out


def _damaged_share(words: list[str], known: frozenset[str]) -> float:
    """The share of words (tokens with a letter) that are no syllable: about 1 % in clean text (abbreviations,
    foreign names), 4 to 15 % in OCR output (tests/data/unseen, the seeds)."""
    lettered = [w for w in words if not w.isdigit()]
    return sum(1 for w in lettered if w not in known) / len(lettered) if lettered else 0.0


def respell_text(text: str, original: str | None = None) -> str:
    """Folded *text* with every repaired token replaced (*original* as for :func:`edits`)."""
    return replaced(text, edits(text, original))


def replaced(text: str, changes: list[tuple[int, int, str]]) -> str:
    """*text* with each range ``[a, b)`` of *changes* replaced (ranges in order, not overlapping)."""
    out, pos = [], 0
    for a, b, new in changes:
        out += [text[pos:a], new]
        pos = b
    return "".join(out) + text[pos:]
