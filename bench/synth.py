"""Synthetic corpus generator: N ward/commune plan texts with the facts planted in them.

Unit names come from the gazetteer (the maintained datasets); the phrasing follows the variety described in
``shared/PHRASING.md``: numbered ``(n)``, ``a)`` and ``-`` target lists with qualifiers before the number
(trên, hơn, từ … trở lên, tối thiểu, ít nhất, khoảng, dưới, còn dưới), ranges (``X - Y``, ``từ X đến Y``),
per-year wording, components ("trong đó: …"), numbers inside an indicator's name; results as prose (ước đạt,
đạt … so với mục tiêu, bằng …% kế hoạch) or as a tab table (Chỉ tiêu | ĐVT | Kế hoạch | Thực hiện | Đánh
giá); and an OCR-degraded version of a share of the documents (diacritics lost, ``Đ`` read as ``P``, some
``l`` read as ``1`` and ``ư`` as ``w``; digits are left intact so that the planted values stay checkable).

Besides the N ward/commune documents, each province they belong to gets one province-level political report
with targets for the same indicators, so that the cascade (``queries/trace.rq``) has work to do at scale.
``manifest.toml`` holds each document's metadata (kind, level, unit, term, quality), as a corpus collector
would; ``--no-manifest`` leaves it out to test metadata detection instead.

Each document's facts go to ``planted.tsv`` (file, kind, label, comparator, value, value_max, year, ocr,
level, form) so that the benchmark can check that extraction still finds them at scale. Output is
deterministic for a given ``--seed``.

    python -m bench.synth --count 1000 --out bench/out/corpus --seed 7
"""

from __future__ import annotations

import argparse
import csv
import random
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path


@dataclass(frozen=True)
class Spec:
    label: str  # indicator wording as a plan writes it
    unit: str  # "%", "%/năm", or a unit word written after a space
    lo: float
    hi: float
    decimals: int
    down: bool = False  # lower is better (poverty, malnutrition): "dưới", "còn dưới" fit


INDICATORS: list[Spec] = [
    Spec("Tổng giá trị sản xuất trên địa bàn tăng bình quân", "%/năm", 8, 16, 1),
    Spec("Tốc độ tăng trưởng kinh tế bình quân", "%/năm", 7, 12, 1),
    Spec("Tổng thu ngân sách nhà nước trên địa bàn tăng bình quân", "%/năm", 5, 15, 1),
    Spec("Thu nhập bình quân đầu người đến năm 2030 đạt", "triệu đồng/người/năm", 60, 140, 0),
    Spec("Tỷ lệ hộ nghèo theo chuẩn nghèo đa chiều đến năm 2030", "%", 0.2, 2, 2, down=True),
    Spec("Tỷ lệ trẻ em dưới 5 tuổi suy dinh dưỡng thể thấp còi", "%", 5, 15, 1, down=True),
    Spec("Tỷ lệ dân số tham gia bảo hiểm y tế", "%", 90, 99, 1),
    Spec("Tỷ lệ người tham gia bảo hiểm xã hội trên tổng số lực lượng lao động", "%", 30, 70, 0),
    Spec("Tỷ lệ hộ dân sử dụng nước sạch", "%", 95, 100, 0),
    Spec("Tỷ lệ thu gom, xử lý chất thải rắn sinh hoạt", "%", 90, 100, 0),
    Spec("Tỷ lệ lao động qua đào tạo", "%", 60, 90, 0),
    Spec("Tỷ lệ kết nạp đảng viên mới hằng năm trên tổng số đảng viên", "%", 2, 4, 1),
    Spec("Tỷ lệ giải quyết thủ tục hành chính đúng hạn", "%", 95, 100, 0),
    Spec("Tỷ lệ điều tra khám phá án", "%", 70, 95, 0),
    Spec("Số doanh nghiệp đang hoạt động trên địa bàn đến năm 2030", "doanh nghiệp", 200, 2000, 0),
    Spec("Tỷ lệ gia đình văn hóa hằng năm", "%", 90, 99, 1),
    Spec("Tỷ lệ che phủ rừng", "%", 20, 60, 1),
]
GROWTH = INDICATORS[0]
COMPONENTS = ("nông nghiệp", "công nghiệp - xây dựng", "thương mại - dịch vụ")

# form → (comparator, templates); {v}/{w} are formatted values with their unit.
FORMS: dict[str, tuple[str, tuple[str, ...]]] = {
    "plain": ("=", ("đạt {v}", "{v}")),
    "over": (">", ("đạt trên {v}", "trên {v}", "hơn {v}")),
    "atleast": (">=", ("đạt từ {v} trở lên", "tối thiểu {v}", "ít nhất {v}")),
    "range": ("range", ("{a} - {w}", "từ {v} đến {w}", "khoảng {a} - {w}")),
    "about": ("~", ("khoảng {v}",)),
    "under": ("<", ("dưới {v}", "còn dưới {v}")),
}
PLANTED_COLUMNS = ["file", "kind", "label", "comparator", "value", "value_max", "year", "ocr", "level",
                   "form"]
UP_FORMS = ("plain", "over", "atleast", "range", "about")
DOWN_FORMS = ("plain", "under", "range", "about")


@dataclass(frozen=True)
class Planted:
    kind: str  # target | result
    label: str
    comparator: str
    value: Decimal
    value_max: Decimal | None
    year: int | None
    form: str


def vn(d: Decimal) -> str:
    """Vietnamese number format: ',' decimal mark, '.' thousands."""
    whole, _, frac = format(d, "f").partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    return ".".join(groups) + ("," + frac if frac else "")


def ocr_degrade(text: str, rng: random.Random) -> str:
    """Lose diacritics, read Đ as P and some l as 1 and ư as w, as the seeds' OCR does; keep digits."""
    out = []
    for ch in text:
        if ch in "Đđ":
            out.append("P" if ch == "Đ" or rng.random() < 0.5 else "d")
            continue
        if ch == "ư" and rng.random() < 0.05:
            out.append("w")
            continue
        base = "".join(c for c in unicodedata.normalize("NFD", ch) if not unicodedata.combining(c))
        if base == "l" and rng.random() < 0.1:
            base = "1"
        out.append(base)
    return "".join(out)


def _value(rng: random.Random, lo: float, hi: float, dec: int) -> Decimal:
    q = Decimal(1).scaleb(-dec) if dec else Decimal(1)
    return Decimal(str(rng.uniform(lo, hi))).quantize(q)


def _with_unit(v: Decimal, unit: str) -> str:
    return f"{vn(v)}{unit}" if unit.startswith("%") else f"{vn(v)} {unit}"


def _year(label: str) -> int | None:
    return 2030 if "năm 2030" in label else None


def target_phrase(rng: random.Random, spec: Spec) -> tuple[str, str, Decimal, Decimal | None, str]:
    """(phrase after the label, comparator, value, value_max, form)."""
    v = _value(rng, spec.lo, spec.hi, spec.decimals)
    form = rng.choice(DOWN_FORMS if spec.down else UP_FORMS)
    comp, templates = FORMS[form]
    tpl = rng.choice(templates)
    if form == "range":
        step = Decimal(1).scaleb(-spec.decimals) if spec.decimals else Decimal(1)
        w = v + step * rng.randint(2, 20)
        if spec.unit == "%" and w > 100:  # a share stays within 100%
            v, w = v - (w - 100), Decimal(100).quantize(step)
        return tpl.format(a=vn(v), v=_with_unit(v, spec.unit), w=_with_unit(w, spec.unit)), comp, v, w, form
    return tpl.format(v=_with_unit(v, spec.unit)), comp, v, None, form


def target_block(rng: random.Random, specs: list[Spec]) -> tuple[list[str], list[Planted]]:
    style = rng.choice(("paren", "letter", "dash"))
    lines: list[str] = []
    planted: list[Planted] = []
    for n, spec in enumerate(specs, 1):
        phrase, comp, v, w, form = target_phrase(rng, spec)
        marker = {"paren": f"({n})", "letter": f"{'abcdefghijklmnopqrstuvwxyz'[n - 1]})", "dash": "-"}[style]
        if spec.label.endswith(" đạt") and phrase.startswith("đạt "):
            phrase = phrase.removeprefix("đạt ")  # "… đến năm 2030 đạt 125 triệu đồng", not "đạt đạt"
        line = f"{marker} {spec.label} {phrase}"
        planted.append(Planted("target", spec.label, comp, v, w, _year(spec.label), form))
        if spec is GROWTH and rng.random() < 0.5:
            parts = []
            for comp_label in COMPONENTS:
                cv = _value(rng, 2, 18, 1)
                parts.append(f"{comp_label} tăng {_with_unit(cv, '%/năm')}")
                planted.append(Planted("target", comp_label, "=", cv, None, None, "component"))
            line += ", trong đó: " + ", ".join(parts)
        lines += [line + ";", ""]
    return lines, planted


def results_prose(rng: random.Random, specs: list[Spec]) -> tuple[list[str], list[Planted]]:
    lines: list[str] = []
    planted: list[Planted] = []
    for spec in specs:
        label = spec.label.split(" đến năm")[0].removesuffix(" đạt")
        got, goal = _value(rng, spec.lo, spec.hi, spec.decimals), _value(rng, spec.lo, spec.hi, spec.decimals)
        g, o = _with_unit(got, spec.unit), _with_unit(goal, spec.unit)
        form = rng.choice(("estimate", "against", "plan_share"))
        if form == "estimate":
            lines.append(f"{label} ước đạt {g}, so với mục tiêu đề ra ({o}).")
            planted.append(Planted("result", label, "~", got, None, None, form))
        elif form == "against":
            lines.append(f"{label} năm 2025 đạt {g} (mục tiêu Nghị quyết là {o}).")
            planted.append(Planted("result", label, "=", got, None, 2025, form))
        else:
            share = (got / goal * 100).quantize(Decimal("0.1")) if goal else Decimal(100)
            lines.append(f"{label} đạt {g}, bằng {vn(share)}% kế hoạch.")
            planted.append(Planted("result", label, "=", got, None, None, form))
    return lines, planted


def results_table(rng: random.Random, specs: list[Spec], running: str) -> tuple[list[str], list[Planted]]:
    lines = [f"Kết quả thực hiện các chỉ tiêu chủ yếu nhiệm kỳ 2020 - 2025 của Đảng bộ {running}", "",
             "TT\tChỉ tiêu\tĐVT\tKế hoạch\tThực hiện\tĐánh giá"]
    planted: list[Planted] = []
    for n, spec in enumerate(specs, 1):
        label = spec.label.split(" đến năm")[0].removesuffix(" đạt")
        got, goal = _value(rng, spec.lo, spec.hi, spec.decimals), _value(rng, spec.lo, spec.hi, spec.decimals)
        better = got < goal if spec.down else got > goal
        verdict = "Đạt" if got == goal else ("Vượt" if better else "Không đạt")
        unit = spec.unit.split("/")[0] if spec.unit.startswith("%") else spec.unit
        lines.append(f"{n}\t{label}\t{unit}\t{vn(goal)}\t{vn(got)}\t{verdict}")
        planted.append(Planted("result", label, "=", got, None, None, "table"))
        planted.append(Planted("target", label, "=", goal, None, None, "table_plan"))  # last term's target
    return lines + [""], planted


def document(
    rng: random.Random, unit_name: str, province: str, ocr: bool, level: str = "commune"
) -> tuple[str, list[Planted]]:
    """One political report of *unit_name* (in *province*; the same when level is province)."""
    specs = rng.sample(INDICATORS, k=rng.randint(8, len(INDICATORS)))
    running = unit_name[0].lower() + unit_name[1:]  # "Xã Dân Tiến" → "xã Dân Tiến" inside a sentence
    body = "ĐẢNG ỦY" if level == "commune" else "BAN CHẤP HÀNH ĐẢNG BỘ"
    lines = [f"ĐẢNG BỘ {province.upper()}", f"{body} {unit_name.upper()}" if level == "commune" else body,
             "*", "", "BÁO CÁO CHÍNH TRỊ",
             f"của Ban Chấp hành Đảng bộ {running} trình Đại hội đại biểu lần thứ I, nhiệm kỳ 2025 - 2030",
             "",
             "PHẦN THỨ NHẤT", "KẾT QUẢ THỰC HIỆN NGHỊ QUYẾT ĐẠI HỘI NHIỆM KỲ 2020 - 2025", ""]
    done = rng.sample(specs, k=min(len(specs), rng.randint(3, 6)))
    block, planted = (results_table(rng, done, running) if rng.random() < 0.4 else results_prose(rng, done))
    lines += block
    lines += ["", "PHẦN THỨ HAI", "PHƯƠNG HƯỚNG, MỤC TIÊU NHIỆM KỲ 2025 - 2030", "", "I. MỤC TIÊU", "",
              "1. Mục tiêu chung", "",
              f"Xây dựng Đảng bộ và hệ thống chính trị {running} trong sạch, vững mạnh; phát triển kinh tế - "
              "xã hội nhanh và bền vững.", "", "2. Các chỉ tiêu chủ yếu", ""]
    block, more = target_block(rng, specs)
    lines += block
    planted += more
    text = "\n".join(lines) + "\n"
    return (ocr_degrade(text, rng) if ocr else text), planted


def communes(limit: int, seed: int) -> list[tuple[str, str]]:
    """(full name, province full name) of real 2025 wards/communes from the gazetteer."""
    from builder.gazetteer import Gazetteer

    gaz = Gazetteer.load()
    units = sorted(
        (u for u in gaz.units.values() if u.era == "2025" and u.level == "commune"), key=lambda u: u.key
    )
    rng = random.Random(seed)
    chosen = rng.sample(units, k=min(limit, len(units)))
    out = []
    for u in chosen:
        prov = gaz.get(u.parent_key) if u.parent_key else None
        out.append((u.full_name, prov.full_name if prov else "Tỉnh"))
    return out


def _toml(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def generate(
    count: int, out: Path, seed: int = 7, ocr_share: float = 0.3, *, provinces: bool = True,
    manifest: bool = True,
) -> list[Path]:
    """Write *count* ward/commune documents (plus one per province when *provinces*), ``planted.tsv`` and
    ``manifest.toml`` into *out*; return the document paths in file-name order."""
    from builder.iris import slug

    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("*.txt"):
        old.unlink()
    rng = random.Random(seed)
    chosen = communes(count, seed)
    jobs: list[tuple[str, str, str, str]] = []  # (file stem, unit, province, level)
    if provinces:
        for i, prov in enumerate(sorted({p for _, p in chosen})):
            jobs.append((f"p{i:02d}_{slug(prov)}", prov, prov, "province"))
    jobs += [(f"{i:04d}_{slug(name)}", name, prov, "commune") for i, (name, prov) in enumerate(chosen)]
    files: list[Path] = []
    entries: list[str] = []
    with (out / "planted.tsv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, delimiter="\t", lineterminator="\n")
        w.writerow(PLANTED_COLUMNS)
        for stem, name, prov, level in jobs:
            ocr = rng.random() < ocr_share
            text, planted = document(rng, name, prov, ocr, level)
            path = out / f"{stem}.txt"
            path.write_text(text, encoding="utf-8")
            files.append(path)
            running = name[0].lower() + name[1:]
            entries.append(
                f"[[document]]\nfile = {_toml(path.name)}\nkind = \"political_report\"\n"
                f"issuing_body = {_toml('Ban Chấp hành Đảng bộ ' + running)}\nlevel = \"{level}\"\n"
                f"unit = {_toml(running)}\nterm = \"2025-2030\"\nquality = \"{'ocr' if ocr else 'clean'}\"\n"
            )
            for p in planted:
                vmax = "" if p.value_max is None else p.value_max
                w.writerow([path.name, p.kind, p.label, p.comparator, p.value, vmax, p.year or "", int(ocr),
                            level, p.form])
    man = out / "manifest.toml"
    if manifest:
        man.write_text("# Generated by bench/synth.py\n\n" + "\n".join(entries), encoding="utf-8")
    elif man.exists():
        man.unlink()
    return sorted(files)


@dataclass
class Recall:
    """How many planted facts extraction found, overall and per (kind, form, ocr) group."""

    planted: int = 0
    found: int = 0  # same kind, comparator, value (and value_max when planted)
    found_value: int = 0  # same kind and value, whatever the comparator
    groups: dict[tuple[str, str, bool], list[int]] = field(default_factory=dict)  # → [planted, found]
    missed: list[dict[str, str]] = field(default_factory=list)

    @property
    def rate(self) -> float:
        return self.found / self.planted if self.planted else 0.0

    @property
    def value_rate(self) -> float:
        return self.found_value / self.planted if self.planted else 0.0


def read_planted(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


def recall(planted: list[dict[str, str]], extracted: dict[str, dict[str, list[tuple[str, Decimal | None,
           Decimal | None]]]]) -> Recall:
    """Match planted facts against *extracted*: file name → kind → [(comparator, value, value_max)].

    Each extracted fact matches at most one planted fact (of the same file and kind)."""
    rep = Recall()
    pools: dict[tuple[str, str], list[tuple[str, Decimal | None, Decimal | None]]] = {}
    for name, kinds in extracted.items():
        for kind, facts in kinds.items():
            pools[(name, kind)] = list(facts)
    loose = {k: list(v) for k, v in pools.items()}
    for row in planted:
        rep.planted += 1
        value = Decimal(row["value"])
        vmax = Decimal(row["value_max"]) if row["value_max"] else None
        key = (row["file"], row["kind"])
        group = rep.groups.setdefault((row["kind"], row["form"], row["ocr"] == "1"), [0, 0])
        group[0] += 1
        pool = pools.get(key, [])
        hit = next((f for f in pool if f[0] == row["comparator"] and f[1] == value
                    and (vmax is None or f[2] == vmax)), None)
        if hit is not None:
            pool.remove(hit)
            rep.found += 1
            group[1] += 1
        else:
            rep.missed.append(row)
        lpool = loose.get(key, [])
        lhit = next((f for f in lpool if f[1] == value), None)
        if lhit is not None:
            lpool.remove(lhit)
            rep.found_value += 1
    return rep


def extracted_of(items: list) -> dict[str, dict[str, list[tuple[str, Decimal | None, Decimal | None]]]]:
    """The ``extracted`` argument of :func:`recall` from ``BuildResult.items``."""
    return {
        doc.name: {
            "target": [(t.comparator, t.value, t.value_max) for t in facts.targets],
            "result": [(r.comparator, r.value, r.value_max) for r in facts.results],
        }
        for doc, facts in items
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--count", type=int, default=100)
    ap.add_argument("--out", type=Path, default=Path("bench/out/corpus"))
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--ocr-share", type=float, default=0.3)
    ap.add_argument("--no-provinces", action="store_true", help="only ward/commune documents")
    ap.add_argument("--no-manifest", action="store_true", help="no manifest.toml: metadata is detected")
    args = ap.parse_args()
    files = generate(args.count, args.out, args.seed, args.ocr_share, provinces=not args.no_provinces,
                     manifest=not args.no_manifest)
    print(f"wrote {len(files)} documents, planted.tsv and manifest.toml to {args.out}")


if __name__ == "__main__":
    main()
