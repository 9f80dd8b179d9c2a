"""Reference gazetteer of Vietnamese administrative units, built from maintained datasets.

Nothing here is typed in by hand: every unit, code, name, parent, point and lineage link is read from
the two PyPI datasets below when :meth:`Gazetteer.load` first runs (about 0.5 s and 30 MB; cached
per process).

Sources
-------
- ``vietnamadminunits`` 1.0.4, MIT licence (Tran Ngoc Minh Hieu,
  https://github.com/tranngocminhhieu/vietnamadminunits). ``data/dataset.db`` (SQLite) holds the legacy
  units (63 provinces, 696 districts, 10 035 communes, as of the first half of 2025) and the 2025 units
  (34 provinces, 3 321 communes) with official codes, types, points and areas; ``data/converter_2025.json``
  maps each legacy commune to the new commune(s) it went into (whole, or split between several) and each
  old province to its new province. This is the primary source: codes, names, parents and lineage.
- ``vietnam-provinces`` 2025.10.1, GPL-3.0-or-later as declared by the project (the wheel carries no
  licence field; Nguyễn Hồng Quân, https://github.com/sunshine-tech/VietnamProvinces; names and codes from
  the General Statistics Office). Used for the province division type and to cross-check the 2025 codes
  (:func:`crosscheck_datasets`). Its 2025.10.1 data predates the official NSO list (adopted in its
  2026.1.0), and about 120 of the 3 321 commune codes differ between the two datasets; the cross-check
  lists them. Neither package is imported: only their data files are read.

Model
-----
A :class:`Unit` is one unit in one era: ``legacy`` (valid until 2025-06-30) or ``2025`` (valid from
2025-07-01). Keys are ``<era>/<level>/<code>``: ``2025/commune/11506``, ``legacy/district/311``. A 2025
commune lists its ``predecessors`` as ``(legacy key, "whole" | "part")``; a 2025 province lists the old
provinces it absorbed. Names are compared through :func:`builder.normalise.match_key` (folded,
OCR-repaired), then through an OCR-tolerant syllable skeleton, and only then, strictly, with rapidfuzz.
"""

from __future__ import annotations

import importlib.util
import json
import re
import sqlite3
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib.metadata import version
from pathlib import Path

from .errors import EnvironmentProblem
from .normalise import fold, match_key

LEGACY = "legacy"
NEW = "2025"
ERAS = (LEGACY, NEW)
LEGACY_END = "2025-06-30"
NEW_START = "2025-07-01"
LEVELS = ("province", "district", "commune")

# Vietnamese type words (folded) → unit type (ontology/TERMS.md ``pk:unitType``) and level. This is
# vocabulary (what the words mean), not data about any unit.
TYPE_OF_WORD: dict[str, tuple[tuple[str, str], ...]] = {
    "tinh": (("province", "province"),),
    "thanh pho": (("municipality", "province"), ("provincial_city", "district")),
    "tp": (("municipality", "province"), ("provincial_city", "district")),
    "quan": (("urban_district", "district"),),
    "huyen": (("rural_district", "district"),),
    "huyen dao": (("rural_district", "district"),),
    "thi xa": (("town", "district"),),
    "phuong": (("ward", "commune"),),
    "xa": (("commune", "commune"),),
    "thi tran": (("township", "commune"),),
    "dac khu": (("special_zone", "commune"),),
}
# The Vietnamese word for each unit type (for labels): the first type word that names it.
WORD_OF_TYPE = {
    "province": "tỉnh",
    "municipality": "thành phố",
    "provincial_city": "thành phố",
    "urban_district": "quận",
    "rural_district": "huyện",
    "town": "thị xã",
    "ward": "phường",
    "commune": "xã",
    "township": "thị trấn",
    "special_zone": "đặc khu",
}


@dataclass(frozen=True)
class Unit:
    """One administrative unit in one era."""

    key: str  # "<era>/<level>/<code>"
    name: str  # short name, "Lê Ích Mộc"
    full_name: str  # "Phường Lê Ích Mộc"
    type: str  # one of WORD_OF_TYPE's keys
    level: str  # province | district | commune
    code: str  # official code as the dataset writes it ("11506", "01", "311")
    era: str  # legacy | 2025
    parent_key: str | None
    valid_from: str | None  # ISO date; None when the dataset does not know
    valid_to: str | None
    lat: float | None
    lon: float | None
    predecessors: tuple[tuple[str, str], ...] = ()  # (key, "whole" | "part")
    area_km2: float | None = None


def unit_key(era: str, level: str, code: str) -> str:
    return f"{era}/{level}/{code}"


def type_words() -> tuple[str, ...]:
    """The folded type words, longest first (for building patterns)."""
    return tuple(sorted(TYPE_OF_WORD, key=lambda w: (-len(w), w)))


@lru_cache(maxsize=64)
def _type_of(word: str, level: str) -> str:
    """Unit type of a dataset type word such as ``Phường`` or ``Thành phố`` at ``level``."""
    for unit_type, lv in TYPE_OF_WORD.get(match_key(word), ()):
        if lv == level:
            return unit_type
    raise EnvironmentProblem(f"unknown {level} type word in the dataset: {word!r}")


def _strip_type(full_name: str) -> str:
    key = match_key(full_name)
    for w in type_words():
        if key.startswith(w + " "):
            n = len(w.split())
            return " ".join(full_name.split()[n:])
    return full_name


# --- OCR-tolerant syllable skeletons ---------------------------------------------------------

_VOWELS = set("aeiouy")
_BDP = {"b": "d", "p": "d"}  # Đ read as B or P by OCR


_ONSETS = ("ngh", "ch", "gh", "kh", "ng", "nh", "ph", "th", "tr", "qu", "gi")
_CODAS = ("ch", "ng", "nh", "c", "m", "n", "p", "t")


@lru_cache(maxsize=65536)
def _split_syllable(syl: str) -> tuple[str, str, str]:
    """Onset, nucleus (vowels) and coda of a folded syllable.

    A syllable without any vowel is an OCR-damaged one (``mdc``, ``mgc`` for ``mộc``): its middle is
    taken as the damaged vowel between a known onset and coda.
    """
    m = re.match(r"^(qu|gi(?=[aeiouy])|[^aeiouy]*)([aeiouy]*)(.*)$", syl)
    assert m is not None
    if m.group(2) or len(syl) < 3:
        return m.group(1), m.group(2), m.group(3)
    onset = next((o for o in _ONSETS if syl.startswith(o) and len(syl) > len(o) + 1), syl[0])
    rest = syl[len(onset) :]
    coda = next((c for c in _CODAS if rest.endswith(c) and len(rest) > len(c)), "")
    return onset, rest[: len(rest) - len(coda)], coda


def skeleton(key: str) -> str:
    """Consonant skeleton of a match key: vowels dropped, Đ/B/P onsets merged. ``le hong`` → ``l_ h_ng``."""
    parts = []
    for syl in key.split():
        onset, _, coda = _split_syllable(syl)
        parts.append(f"{_BDP.get(onset, onset)}_{coda}")
    return " ".join(parts)


def skeleton_cost(text_key: str, name_key: str) -> int | None:
    """OCR distance between two match keys with the same skeleton: syllables whose vowels or Đ differ."""
    a, b = text_key.split(), name_key.split()
    if len(a) != len(b):
        return None
    cost = 0
    for x, y in zip(a, b, strict=True):
        ox, nx, cx = _split_syllable(x)
        oy, ny, cy = _split_syllable(y)
        if _BDP.get(ox, ox) != _BDP.get(oy, oy) or cx != cy:
            return None
        cost += (nx != ny) + (ox != oy)
    return cost


_FINAL_Y = re.compile(r"(?<=[bcdghklmnpstvx])y\b")


def name_key(text: str) -> str:
    """:func:`match_key` with the i/y spelling variants merged (``Vỹ`` = ``Vĩ``, ``Mỹ`` = ``Mĩ``)."""
    return _FINAL_Y.sub("i", match_key(text))


def _accent_key(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


# --- the gazetteer ---------------------------------------------------------------------------


class Gazetteer:
    """All units of both eras, indexed by key, name and skeleton."""

    def __init__(self, units: dict[str, Unit]) -> None:
        self.units = units
        self.by_name: dict[str, list[str]] = defaultdict(list)
        self.by_skeleton: dict[str, list[str]] = defaultdict(list)
        self.children: dict[str, list[str]] = defaultdict(list)
        self.successors: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for key in sorted(units):
            u = units[key]
            k = name_key(u.name)
            self.by_name[k].append(key)
            self.by_skeleton[skeleton(k)].append(key)
            if u.parent_key:
                self.children[u.parent_key].append(key)
            for pred, share in u.predecessors:
                self.successors[pred].append((key, share))

    # -- loading --

    @classmethod
    def load(cls) -> Gazetteer:
        """The gazetteer built from the installed datasets (cached for the process)."""
        return _load()

    # -- navigation --

    def get(self, key: str) -> Unit | None:
        return self.units.get(key)

    def ancestors(self, key: str) -> list[Unit]:
        """Parent, grandparent, … of a unit (nearest first)."""
        out: list[Unit] = []
        u = self.units.get(key)
        while u is not None and u.parent_key:
            u = self.units.get(u.parent_key)
            if u is not None:
                out.append(u)
        return out

    def province_of(self, key: str) -> Unit | None:
        u = self.units.get(key)
        if u is not None and u.level == "province":
            return u
        return next((a for a in self.ancestors(key) if a.level == "province"), None)

    def region(self, key: str) -> set[str]:
        """A province and the provinces of the other era it is linked to by lineage (both ways)."""
        out = {key}
        for pred, _ in self.units[key].predecessors if key in self.units else ():
            out.add(pred)
        for succ, _ in self.successors.get(key, ()):
            out.add(succ)
            out.update(p for p, _ in self.units[succ].predecessors)
        return out

    # -- name lookup --

    def lookup(
        self,
        name: str,
        type_word: str | None = None,
        era: str | None = None,
        within: str | Iterable[str] | None = None,
        fuzzy: bool = True,
    ) -> list[Unit]:
        """Units whose name matches ``name``, best match tier only, most specific type first.

        ``type_word`` (e.g. ``huyện``, OCR ``huyen``) restricts the level and prefers the exact type;
        ``era`` restricts to ``legacy`` or ``2025``; ``within`` is a unit key (or a province name) the
        unit must lie in, widened to the provinces of the other era linked to it by lineage. Matching
        tiers: accents as written, then folded/OCR-repaired key, then (when ``fuzzy``) the OCR syllable
        skeleton (vowels and Đ/B/P may differ; the best cost must be unique), then rapidfuzz ≥ 92 when
        ``within`` is given.
        """
        if type_word is None:
            type_word, name = _split_type_word(name)
        tw = match_key(type_word) if type_word else None
        allowed = TYPE_OF_WORD.get(tw) if tw else None
        levels = {lv for _, lv in allowed} if allowed else None
        exact_types = {t for t, _ in allowed} if allowed else None
        scope = self._scope(within)
        key = name_key(name)
        if not key:
            return []

        def ok(u: Unit) -> bool:
            if levels is not None and u.level not in levels:
                return False
            if era is not None and u.era != era:
                return False
            if scope is not None and not self._inside(u, scope):
                return False
            return True

        cands = [self.units[k] for k in self.by_name.get(key, ()) if ok(self.units[k])]
        if cands:
            written = _accent_key(name)
            accented = [u for u in cands if _accent_key(u.name) == written]
            if accented and len(accented) < len(cands):
                cands = accented
        elif fuzzy:
            scored = []
            for k in self.by_skeleton.get(skeleton(key), ()):
                u = self.units[k]
                cost = skeleton_cost(key, name_key(u.name))
                if cost is not None and ok(u) and cost < max(2, len(key.split())):
                    scored.append((cost, u))
            if scored:
                best = min(c for c, _ in scored)
                cands = [u for c, u in scored if c == best]
            elif scope is not None and len(key) >= 6:
                cands = self._rapidfuzz(key, [u for u in self._units_in(scope) if ok(u)])
        if exact_types:
            exact = [u for u in cands if u.type in exact_types]
            if exact:
                cands = exact
        return sorted(cands, key=lambda u: u.key)

    def _rapidfuzz(self, key: str, pool: list[Unit]) -> list[Unit]:
        from rapidfuzz import fuzz

        scored = sorted(((fuzz.ratio(key, name_key(u.name)), u.key) for u in pool), reverse=True)
        if not scored or scored[0][0] < 92:
            return []
        top = scored[0][0]
        if len(scored) > 1 and scored[1][0] > top - 4:
            # Several names about as close: report them all so the caller sees the ambiguity.
            return [self.units[k] for s, k in scored if s > top - 4]
        return [self.units[scored[0][1]]]

    def _scope(self, within: str | Iterable[str] | None) -> set[str] | None:
        if within is None:
            return None
        if not isinstance(within, str):
            return set(within)
        if within in self.units:
            return self.region(within) if self.units[within].level == "province" else {within}
        provinces = self.lookup(within, None, None, None, fuzzy=False)
        provinces = [u for u in provinces if u.level == "province"]
        out: set[str] = set()
        for p in provinces:
            out |= self.region(p.key)
        return out

    def _inside(self, u: Unit, scope: set[str]) -> bool:
        if u.key in scope:
            return True
        return any(a.key in scope for a in self.ancestors(u.key))

    def _units_in(self, scope: set[str]) -> list[Unit]:
        out: list[Unit] = []
        stack = sorted(scope)
        while stack:
            k = stack.pop()
            if k in self.units:
                out.append(self.units[k])
            stack.extend(self.children.get(k, ()))
        return out


def _split_type_word(name: str) -> tuple[str | None, str]:
    words = name.split()
    key_words = match_key(name).split()
    for w in type_words():
        n = len(w.split())
        if len(key_words) > n and " ".join(key_words[:n]) == w:
            return " ".join(words[:n]), " ".join(words[n:])
    return None, name


# --- building from the datasets -------------------------------------------------------------


def _data_file(package: str, name: str) -> str:
    """Path of a dataset file inside an installed package, found without importing the package."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise EnvironmentProblem(f"the {package} package is not installed (pip install {package})")
    path = Path(next(iter(spec.submodule_search_locations))) / "data" / name
    if not path.is_file():
        raise EnvironmentProblem(f"{package} has no data file {name}; reinstall it")
    return str(path)


def _num(v: object) -> float | None:
    return float(v) if isinstance(v, int | float) else None


@lru_cache(maxsize=1)
def _load() -> Gazetteer:
    db = sqlite3.connect(f"file:{_data_file('vietnamadminunits', 'dataset.db')}?mode=ro", uri=True)
    db.row_factory = sqlite3.Row
    with open(_data_file("vietnamadminunits", "converter_2025.json"), encoding="utf-8") as f:
        converter = json.load(f)
    units: dict[str, Unit] = {}
    legacy_ward: dict[str, str] = {}  # converter key "prov_dist_ward" → unit key
    legacy_prov: dict[str, str] = {}  # provinceKey → unit key
    for r in db.execute("SELECT * FROM admin_units_legacy ORDER BY provinceCode, districtCode, wardCode"):
        pk = unit_key(LEGACY, "province", r["provinceCode"])
        if pk not in units:
            units[pk] = Unit(
                pk,
                r["provinceShort"],
                r["province"],
                _province_type(r["province"]),
                "province",
                r["provinceCode"],
                LEGACY,
                None,
                None,
                LEGACY_END,
                _num(r["provinceLat"]),
                _num(r["provinceLon"]),
            )
            legacy_prov[r["provinceKey"]] = pk
        dk = unit_key(LEGACY, "district", r["districtCode"])
        if dk not in units:
            units[dk] = Unit(
                dk,
                r["districtShort"],
                r["district"],
                _type_of(r["districtType"], "district"),
                "district",
                r["districtCode"],
                LEGACY,
                pk,
                None,
                LEGACY_END,
                _num(r["districtLat"]),
                _num(r["districtLon"]),
            )
        conv = f"{r['provinceKey']}_{r['districtKey']}_{r['wardKey'] or ''}"
        if not r["wardCode"]:
            legacy_ward[conv] = dk  # an island district without communes (became a special zone)
            continue
        wk = unit_key(LEGACY, "commune", r["wardCode"])
        units[wk] = Unit(
            wk,
            r["wardShort"],
            r["ward"],
            _type_of(r["wardType"], "commune"),
            "commune",
            r["wardCode"],
            LEGACY,
            dk,
            None,
            LEGACY_END,
            _num(r["wardLat"]),
            _num(r["wardLon"]),
        )
        legacy_ward[conv] = wk

    province_types = _province_types()
    new_ward: dict[tuple[str, str], str] = {}
    new_prov: dict[str, str] = {}
    rows = list(db.execute("SELECT * FROM admin_units ORDER BY provinceCode, wardCode"))
    for r in rows:
        pk = unit_key(NEW, "province", r["provinceCode"])
        if pk not in units:
            ptype = province_types.get(int(r["provinceCode"])) or _province_type(r["province"])
            units[pk] = Unit(
                pk,
                r["provinceShort"],
                r["province"],
                ptype,
                "province",
                r["provinceCode"],
                NEW,
                None,
                NEW_START,
                None,
                _num(r["provinceLat"]),
                _num(r["provinceLon"]),
            )
            new_prov[r["provinceKey"]] = pk
        wk = unit_key(NEW, "commune", r["wardCode"])
        units[wk] = Unit(
            wk,
            r["wardShort"],
            r["ward"],
            _type_of(r["wardType"], "commune"),
            "commune",
            r["wardCode"],
            NEW,
            pk,
            NEW_START,
            None,
            _num(r["wardLat"]),
            _num(r["wardLon"]),
            area_km2=_num(r["wardAreaKm2"]),
        )
        new_ward[(r["provinceKey"], r["wardKey"])] = wk
    db.close()

    preds: dict[str, dict[str, str]] = defaultdict(dict)
    for new_pkey, olds in converter["DICT_PROVINCE"].items():
        for old in olds:
            preds[new_prov[new_pkey]][legacy_prov[old]] = "whole"
    for new_pkey, wards in converter["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for new_wkey, olds in wards.items():
            for old in olds:
                preds[new_ward[(new_pkey, new_wkey)]][legacy_ward[old]] = "whole"
    for new_pkey, olds in converter["DICT_PROVINCE_WARD_DIVIDED"].items():
        for old, parts in olds.items():
            for part in parts:
                preds[new_ward[(new_pkey, part["newWardKey"])]].setdefault(legacy_ward[old], "part")
    for key, ps in preds.items():
        u = units[key]
        units[key] = Unit(**{**u.__dict__, "predecessors": tuple(sorted(ps.items()))})
    return Gazetteer(units)


def _province_type(full_name: str) -> str:
    return "municipality" if match_key(full_name).startswith("thanh pho ") else "province"


def _province_types() -> dict[int, str]:
    """Province code → unit type, from vietnam-provinces' division types."""
    with open(_data_file("vietnam_provinces", "nested-divisions.json"), encoding="utf-8") as f:
        nested = json.load(f)
    out = {}
    for p in nested:
        out[int(p["code"])] = (
            "municipality" if fold(p["division_type"]).startswith("thanh pho") else "province"
        )
    return out


def crosscheck_datasets(gaz: Gazetteer | None = None) -> list[str]:
    """Disagreements between vietnamadminunits' 2025 units and vietnam-provinces (codes, names, parents)."""
    gaz = gaz or Gazetteer.load()
    with open(_data_file("vietnam_provinces", "nested-divisions.json"), encoding="utf-8") as f:
        nested = json.load(f)
    problems: list[str] = []
    seen: set[str] = set()
    for p in nested:
        pcode = f"{int(p['code']):02d}"
        pk = unit_key(NEW, "province", pcode)
        if pk not in gaz.units:
            problems.append(f"province {p['name']} ({pcode}) is in vietnam-provinces only")
        for w in p["wards"]:
            wk = unit_key(NEW, "commune", f"{int(w['code']):05d}")
            seen.add(wk)
            u = gaz.units.get(wk)
            if u is None:
                problems.append(f"{w['name']} ({wk}) is in vietnam-provinces only")
            elif match_key(u.full_name) != match_key(w["name"]) or u.parent_key != pk:
                problems.append(
                    f"{wk}: vietnamadminunits {u.full_name} in {u.parent_key}; "
                    f"vietnam-provinces {w['name']} in {pk}"
                )
    for k, u in gaz.units.items():
        if u.era == NEW and u.level == "commune" and k not in seen:
            problems.append(f"{u.full_name} ({k}) is in vietnamadminunits only")
    return problems


def dataset_versions() -> dict[str, str]:
    """Installed versions of the datasets the gazetteer was built from."""
    return {name: version(name) for name in ("vietnamadminunits", "vietnam-provinces")}
