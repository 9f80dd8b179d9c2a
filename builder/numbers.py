"""Vietnamese numerals → :class:`~decimal.Decimal`.

Vietnamese writes ``.`` between thousands (``1.057.207``) and ``,`` as the decimal mark (``14,02``).
A group of exactly three digits after a single separator is ambiguous (``67,038`` or ``1.200``):
the separator decides, never the digit count alone — ``,`` is decimal, ``.`` groups thousands,
except that a ``.`` followed by one, two or four-plus digits (``127.4``, ``44.3``, OCR or English style)
is a decimal point. ``1,200.5`` / ``1.200,5`` mixes resolve by which separator comes last.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

# A number as written: digits with . or , separators, optional leading sign.
NUMBER_RE = re.compile(r"(?<![\w.,])[-−]?\d+(?:[.,]\d+)*(?![\w])|(?<![\w.,])[-−]?\d+(?:[.,]\d+)*")


class NumberFormatError(ValueError):
    pass


def parse_number(text: str) -> Decimal:
    """Parse one Vietnamese-formatted number. Raises :class:`NumberFormatError` when it is not one."""
    s = text.strip().replace("\u2212", "-").replace(" ", "")
    if not s or not re.fullmatch(r"-?\d+(?:[.,]\d+)*", s):
        raise NumberFormatError(f"not a number: {text!r}")
    sign = ""
    if s.startswith("-"):
        sign, s = "-", s[1:]
    dots, commas = s.count("."), s.count(",")
    if dots and commas:
        # Whichever separator comes last is the decimal mark.
        if s.rfind(",") > s.rfind("."):
            s = s.replace(".", "").replace(",", ".")
        else:
            s = s.replace(",", "")
    elif commas:
        if commas > 1:
            # "1,057,207" (English grouping) — only when every group has three digits.
            groups = s.split(",")
            if all(len(g) == 3 for g in groups[1:]):
                s = "".join(groups)
            else:
                raise NumberFormatError(f"ambiguous number: {text!r}")
        else:
            s = s.replace(",", ".")
    elif dots:
        groups = s.split(".")
        if dots > 1:
            if not all(len(g) == 3 for g in groups[1:]):
                raise NumberFormatError(f"ambiguous number: {text!r}")
            s = "".join(groups)
        elif len(groups[1]) == 3 and groups[0] != "0":
            s = "".join(groups)  # "1.200" → 1200
        # else: "127.4", "0.5", "44.35" → decimal point
    try:
        return Decimal(sign + s)
    except InvalidOperation as exc:  # pragma: no cover - guarded by the regex above
        raise NumberFormatError(f"not a number: {text!r}") from exc


def try_number(text: str) -> Decimal | None:
    """:func:`parse_number`, or ``None``."""
    try:
        return parse_number(text)
    except NumberFormatError:
        return None


# --- number tokens in a folded view ---------------------------------------------------------------

# A number token in folded text: digits with Vietnamese separators, not glued to letters.
NUMBER_TOKEN = re.compile(r"(?<![\w.,])\d+(?:[.,]\d+)*(?![\w])")

# Scale words that may follow a number, folded (value stays as stated; the word joins the unit).
SCALE_WORDS = {"nghin": 1000, "ngan": 1000, "van": 10_000, "trieu": 1_000_000, "ty": 1_000_000_000}

_SUPERSCRIPTS = set("⁰¹²³⁴⁵⁶⁷⁸⁹")
SUPERSCRIPT_RE = re.compile("[" + "".join(sorted(_SUPERSCRIPTS)) + "]")  # is_superscript, as a pattern


def is_superscript(ch: str) -> bool:
    """True for superscript digits (footnote marks in clean texts)."""
    return ch in _SUPERSCRIPTS


def is_year_like(token: str) -> bool:
    """A four-digit integer between 1900 and 2100 written without separators (``2030``)."""
    return len(token) == 4 and token.isdigit() and 1900 <= int(token) <= 2100


def scaled(value: Decimal, unit_key: str | None) -> Decimal:
    """The value times the scale words leading a folded unit (``2,5`` + ``trieu ty`` → 2.5e15).

    Useful to compare figures stated in different scales; the graph keeps values as stated.
    """
    if not unit_key:
        return value
    out = value
    for word in unit_key.split():
        if word in SCALE_WORDS:
            out *= SCALE_WORDS[word]
        else:
            break
    return out
