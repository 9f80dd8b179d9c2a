"""Synthetic corpus generator: N ward/commune plan texts with the facts planted in them.

Unit names come from the gazetteer (the maintained datasets), the phrasing from the variety described in
``shared/PHRASING.md``: numbered target lists with qualifiers, ranges, per-year and deadline forms; a results
table; results prose; and an OCR-degraded version of a share of the documents (diacritics lost, ``Đ`` read as
``P``, ``l`` read as ``1``). Each document ``NNNN_<slug>.txt`` gets a line per planted fact in
``planted.tsv`` (file, kind, label, comparator, value, value_max, year) so that the benchmark can check that
extraction still finds them at scale.

    python -m bench.synth --count 1000 --out bench/out/corpus --seed 7
"""

from __future__ import annotations

import argparse
import csv
import random
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

# (indicator wording, unit, low, high, decimals, polarity of the qualifier forms that fit it)
INDICATORS: list[tuple[str, str, float, float, int]] = [
    ("Tổng giá trị sản xuất trên địa bàn tăng bình quân", "%/năm", 8, 16, 1),
    ("Tổng thu ngân sách nhà nước trên địa bàn tăng bình quân", "%/năm", 5, 15, 1),
    ("Thu nhập bình quân đầu người đến năm 2030 đạt", "triệu đồng/người/năm", 60, 140, 0),
    ("Tỷ lệ hộ nghèo theo chuẩn nghèo đa chiều đến năm 2030", "%", 0, 2, 2),
    ("Tỷ lệ dân số tham gia bảo hiểm y tế", "%", 90, 99, 1),
    ("Tỷ lệ người tham gia bảo hiểm xã hội trên tổng số lực lượng lao động", "%", 30, 70, 0),
    ("Tỷ lệ hộ dân sử dụng nước sạch", "%", 95, 100, 0),
    ("Tỷ lệ thu gom, xử lý chất thải rắn sinh hoạt", "%", 90, 100, 0),
    ("Tỷ lệ lao động qua đào tạo", "%", 60, 90, 0),
    ("Tỷ lệ kết nạp đảng viên mới hằng năm trên tổng số đảng viên", "%", 2, 4, 1),
    ("Tỷ lệ giải quyết thủ tục hành chính đúng hạn", "%", 95, 100, 0),
    ("Tỷ lệ điều tra khám phá án", "%", 70, 95, 0),
    ("Số doanh nghiệp đang hoạt động trên địa bàn đến năm 2030", "doanh nghiệp", 200, 2000, 0),
    ("Tỷ lệ gia đình văn hóa hằng năm", "%", 90, 99, 1),
]
FORMS = ["plain", "over", "atleast", "range", "about", "under"]


@dataclass(frozen=True)
class Planted:
    kind: str
    label: str
    comparator: str
    value: Decimal
    value_max: Decimal | None
    year: int | None


def vn(d: Decimal) -> str:
    """Vietnamese number format: ',' decimal mark, '.' thousands."""
    sign, digits, exp = d.as_tuple()
    text = format(d, "f")
    whole, _, frac = text.partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    out = ".".join(groups)
    return out + ("," + frac if frac else "")


def ocr_degrade(text: str, rng: random.Random) -> str:
    """Lose diacritics, read Đ as P and some l as 1, as the seeds' OCR does."""
    out = []
    for ch in text:
        if ch in "Đđ":
            out.append("P" if ch == "Đ" or rng.random() < 0.5 else "d")
            continue
        base = "".join(c for c in unicodedata.normalize("NFD", ch) if not unicodedata.combining(c))
        if base == "l" and rng.random() < 0.1:
            base = "1"
        out.append(base)
    return "".join(out)


def _value(rng: random.Random, lo: float, hi: float, dec: int) -> Decimal:
    q = Decimal(1).scaleb(-dec) if dec else Decimal(1)
    return Decimal(str(rng.uniform(lo, hi))).quantize(q)


def target_line(rng: random.Random, n: int, spec: tuple[str, str, float, float, int]) -> tuple[str, Planted]:
    label, unit, lo, hi, dec = spec
    v = _value(rng, lo, hi, dec)
    form = rng.choice(FORMS)
    year = 2030 if "2030" in label else None
    if form == "range":
        v2 = v + _value(rng, 0.5, 2, dec if dec else 0) if dec else v + Decimal(rng.randint(1, 5))
        phrase, comp, vmax = f"{vn(v)} - {vn(v2)}{unit if unit.startswith('%') else ' ' + unit}", "range", v2
    else:
        word = {"plain": "đạt", "over": "đạt trên", "atleast": "đạt từ", "about": "khoảng", "under": "dưới"}[form]
        comp = {"plain": "=", "over": ">", "atleast": ">=", "about": "~", "under": "<"}[form]
        unit_txt = unit if unit.startswith("%") else " " + unit
        tail = " trở lên" if form == "atleast" else ""
        phrase, vmax = f"{word} {vn(v)}{unit_txt}{tail}", None
    return f"({n}) {label} {phrase};", Planted("target", label, comp, v, vmax, year)


def document(rng: random.Random, unit_name: str, province: str, ocr: bool) -> tuple[str, list[Planted]]:
    specs = rng.sample(INDICATORS, k=rng.randint(8, len(INDICATORS)))
    running = unit_name[0].lower() + unit_name[1:]  # "Xã Dân Tiến" → "xã Dân Tiến" inside a sentence
    lines = [
        f"ĐẢNG BỘ {province.upper()}",
        f"ĐẢNG BỘ {unit_name.upper()}",
        "",
        "BÁO CÁO CHÍNH TRỊ",
        f"của Ban Chấp hành Đảng bộ {running} trình Đại hội đại biểu lần thứ I, nhiệm kỳ 2025 - 2030",
        "",
        "PHẦN THỨ NHẤT",
        "KẾT QUẢ THỰC HIỆN NGHỊ QUYẾT ĐẠI HỘI NHIỆM KỲ 2020 - 2025",
        "",
    ]
    planted: list[Planted] = []
    # Results prose.
    for label, unit, lo, hi, dec in rng.sample(specs, k=3):
        got, goal = _value(rng, lo, hi, dec), _value(rng, lo, hi, dec)
        u = unit if unit.startswith("%") else " " + unit
        lines.append(f"{label.split(' đến năm')[0]} ước đạt {vn(got)}{u}, so với mục tiêu đề ra ({vn(goal)}{u}).")
        planted.append(Planted("result", label, "=", got, None, None))
    lines += ["", "PHẦN THỨ HAI", "PHƯƠNG HƯỚNG, MỤC TIÊU NHIỆM KỲ 2025 - 2030", "", "I. MỤC TIÊU", "",
              "1. Mục tiêu chung", "",
              f"Xây dựng Đảng bộ và hệ thống chính trị {running} trong sạch, vững mạnh; phát triển kinh tế - xã hội "
              "nhanh và bền vững.", "", "2. Các chỉ tiêu chủ yếu", ""]
    for n, spec in enumerate(specs, 1):
        line, fact = target_line(rng, n, spec)
        lines.append(line)
        lines.append("")
        planted.append(fact)
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


def generate(count: int, out: Path, seed: int = 7, ocr_share: float = 0.3) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    files: list[Path] = []
    with (out / "planted.tsv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, delimiter="\t", lineterminator="\n")
        w.writerow(["file", "kind", "label", "comparator", "value", "value_max", "year", "ocr"])
        for i, (name, province) in enumerate(communes(count, seed)):
            ocr = rng.random() < ocr_share
            text, planted = document(rng, name, province, ocr)
            from builder.iris import slug

            path = out / f"{i:04d}_{slug(name)}.txt"
            path.write_text(text, encoding="utf-8")
            files.append(path)
            for p in planted:
                w.writerow([path.name, p.kind, p.label, p.comparator, p.value,
                            "" if p.value_max is None else p.value_max, p.year or "", int(ocr)])
    return files


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--count", type=int, default=100)
    ap.add_argument("--out", type=Path, default=Path("bench/out/corpus"))
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--ocr-share", type=float, default=0.3)
    args = ap.parse_args()
    files = generate(args.count, args.out, args.seed, args.ocr_share)
    print(f"wrote {len(files)} documents and planted.tsv to {args.out}")


if __name__ == "__main__":
    main()
