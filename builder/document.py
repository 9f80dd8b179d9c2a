"""A document ready for extraction: its source, matching views, section tree and metadata."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from .facts import DocumentMeta, Evidence, Section
from .normalise import Views, make_views
from .read import Source
from .tables import Table, find_tables


@dataclass
class Document:
    """Views are derived on first use and not pickled, so a document crosses process boundaries cheaply."""

    source: Source
    meta: DocumentMeta = field(default_factory=DocumentMeta)
    sections: list[Section] = field(default_factory=list)
    _views: Views | None = field(default=None, repr=False, compare=False)
    _tables: list[Table] | None = field(default=None, repr=False, compare=False)

    @classmethod
    def from_source(cls, source: Source) -> Document:
        return cls(source=source)

    @property
    def views(self) -> Views:
        if self._views is None:
            self._views = make_views(self.source)
        return self._views

    @property
    def tables(self) -> list[Table]:
        """The document's tables (:func:`builder.tables.find_tables`), read on first use: the segmenter keeps
        headings out of them and the table reader reads them."""
        if self._tables is None:
            self._tables = find_tables(self)
        return self._tables

    def __getstate__(self) -> dict[str, object]:
        state = dict(self.__dict__)
        state["_views"] = None
        state["_tables"] = None
        return state

    @property
    def name(self) -> str:
        return self.source.name

    @property
    def text(self) -> str:
        return self.source.text

    def evidence(self, start: int, end: int) -> Evidence:
        """Evidence for the source range, trimmed of surrounding white space."""
        text = self.source.text
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        return Evidence(start, end, text[start:end])

    def evidence_from_view(self, view_start: int, view_end: int, view: str = "repaired") -> Evidence:
        """Evidence for a range of one of the views (``nfc``, ``folded`` or ``repaired``)."""
        s, e = getattr(self.views, view).span(view_start, view_end)
        return self.evidence(s, e)

    def section_at(self, offset: int) -> Section | None:
        """The innermost section containing a source offset."""
        best: Section | None = None
        starts = [s.start for s in self.sections]
        idx = bisect.bisect_right(starts, offset)
        for s in reversed(self.sections[:idx]):
            if s.start <= offset < s.end and (best is None or s.level > best.level):
                best = s
                if s.kind in ("item", "clause", "table", "footnote"):
                    break
        return best

    def ancestors(self, key: str | None) -> list[Section]:
        """The section with ``key`` and its ancestors, innermost first."""
        by_key = {s.key: s for s in self.sections}
        out: list[Section] = []
        while key is not None and key in by_key:
            out.append(by_key[key])
            key = by_key[key].parent
        return out
