"""Line shapes shared by the segmenter and the table reader: the headings that open a part, an article or an
appendix, matched on a repaired-view line (:mod:`builder.normalise`). A table ends where one of them begins."""

from __future__ import annotations

import re

# "PHẦN THỨ HAI"; OCR reads the Ầ as 4 ("PH4N THW HAI") as it does inside words ("nh4p", "d4u").
PART = re.compile(
    r"ph[a4]n\s+(?:(?P<thu>th\w{1,3}\s+(?P<ord>[a-z]+))|(?P<rom>[ivxl1|]{1,5})|(?P<word>mo\s+dau|ket\s+luan))"
    r"\s*[:.]?\s*(?=$|[^\w])"
)
APPENDIX = re.compile(r"phu\s*luc(?:\s+(?:so\s+)?(?P<num>\d{1,3}|[ivx]{1,4}|[a-z])\b)?\s*[:.\-]?\s*")
ARTICLE = re.compile(r"d[il1][ec]u\s+(?P<num>\d{1,3})\s*[.:]\s*")


def opens_part_or_article(view_line: str) -> bool:
    """A repaired-view line that opens a part ("PHẦN THỨ HAI") or an article ("Điều 2.", OCR "Piéu 2.")."""
    v = view_line.lstrip()
    return bool(PART.match(v) or ARTICLE.match(v))
