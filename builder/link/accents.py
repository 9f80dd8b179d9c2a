"""Restore the diacritics OCR lost in an indicator wording, where the vocabulary makes it unambiguous.

``Ty 1& ho nghéo`` → ``Tỷ lệ hộ nghèo``; ``Tang truong GRDP`` → ``Tăng trưởng GRDP``.

The lexicon is the accented wording of the indicator scheme (``ontology/indicators.ttl``: preferred,
alternative and component labels): every run of one to four words, keyed by its folded, OCR-repaired form
(:func:`builder.link.indicators.label_key`). A key written two ways in the scheme (``ho`` is ``hộ`` in
"hộ nghèo" and ``hồ`` in "hồ chứa") is ambiguous and never used alone, but the longer runs around it
usually are not ("ho ngheo" → "hộ nghèo"). Words are replaced longest run first, left to right; a word the
lexicon does not know, or knows two ways, stays as OCR wrote it. Capitals and punctuation are kept.

No restoration guesses: a word is only ever replaced by a word of the scheme with the same key, so its letters
change only where the repaired view reads an OCR-damaged word back (``x4`` → ``xã``, :mod:`builder.respell`).
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..normalise import fold
from .indicators import IndicatorIndex, label_key

MAX_WORDS = 4
MIN_WORD_COUNT = 3
_WORD = re.compile(r"[^\W_]+(?:[&¢€©¥§][^\W_]*)*|[&¢€©¥§]")


def _words(text: str) -> list[re.Match[str]]:
    return list(_WORD.finditer(text))


def _key(word: str) -> str:
    return label_key(word)


@lru_cache(maxsize=1)
def lexicon() -> dict[tuple[str, ...], tuple[str, ...]]:
    """Folded word runs → their accented form, for runs the scheme writes one way only."""
    seen: dict[tuple[str, ...], set[tuple[str, ...]]] = {}
    count: dict[tuple[str, ...], int] = {}
    for c in IndicatorIndex.load().concepts():
        for label in (c.pref_label_vi, *c.alt_labels, *c.component_labels):
            words = [m.group() for m in _words(label)]
            if not words or label.isascii():
                continue  # an acronym or a label without accents teaches nothing
            keys = [_key(w) for w in words]
            if any(" " in k or not k.isalpha() or k != fold(w) for k, w in zip(keys, words, strict=True)):
                continue  # numbers ("dưới 5 tuổi"), symbols, and acronyms the OCR repair rewrites (MTTQ)
            for n in range(1, MAX_WORDS + 1):
                for i in range(len(words) - n + 1):
                    run = tuple(keys[i : i + n])
                    seen.setdefault(run, set()).add(tuple(w.lower() for w in words[i : i + n]))
                    count[run] = count.get(run, 0) + 1
    # A single word must be seen in several labels: a syllable met once ("tỉnh") is too weak a witness
    # against its homographs (tính, tình) that the scheme happens not to use.
    return {k: next(iter(v)) for k, v in seen.items() if len(v) == 1 and (len(k) > 1 or count[k] >= MIN_WORD_COUNT)}


def _cased(accented: str, written: str) -> str:
    if written.isupper() and len(written) > 1:
        return accented.upper()
    if written[:1].isupper():
        return accented[:1].upper() + accented[1:]
    return accented


def restore(text: str) -> str:
    """*text* with the words the lexicon restores unambiguously replaced by their accented form."""
    lex = lexicon()
    words = _words(text)
    keys = [_key(m.group()) for m in words]
    # OCR rules that need a neighbour ("Ty 1&" is "tỷ lệ") work on the whole wording: use its keys when
    # they still line up with the words.
    joined = label_key(" ".join(m.group() for m in words)).split()
    if len(joined) == len(words):
        keys = joined
    out: list[str] = []
    pos = 0
    i = 0
    while i < len(words):
        for n in range(min(MAX_WORDS, len(words) - i), 0, -1):
            run = tuple(keys[i : i + n])
            hit = lex.get(run)
            if hit is None or not all(k.isalpha() for k in run):
                continue
            if n > 1 and "\n" in text[words[i].start() : words[i + n - 1].end()]:
                continue
            for m, acc in zip(words[i : i + n], hit, strict=True):
                out.append(text[pos : m.start()])
                out.append(_cased(acc, m.group()))
                pos = m.end()
            i += n
            break
        else:
            i += 1
    out.append(text[pos:])
    return "".join(out)
