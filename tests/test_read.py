import unicodedata
from pathlib import Path

import pytest

from builder.errors import InputError
from builder.read import find_inputs, read_source

from .conftest import SEED_NAMES, SEEDS


def _cp1258(text: str) -> bytes:
    """Encode Vietnamese as Windows-1258 (base letters precomposed, tone marks combining)."""
    tones = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
    out = b""
    for ch in text:
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        nfd = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(c for c in nfd if c not in tones))
        out += base.encode("cp1258") + "".join(c for c in nfd if c in tones).encode("cp1258")
    return out


@pytest.mark.parametrize("name", SEED_NAMES)
def test_seeds_decode_unchanged(name: str) -> None:
    src = read_source(SEEDS / name)
    assert src.text == (SEEDS / name).read_bytes().decode("utf-8")
    assert len(src.sha256) == 64
    assert not src.bom


def test_bom_is_removed_and_reported(make_text) -> None:
    p = make_text("Chỉ tiêu".encode("utf-8-sig"))
    src = read_source(p)
    assert src.bom and src.text == "Chỉ tiêu"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "file is empty"),
        (b"   \n\t\n", "file is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        (_cp1258("Chỉ tiêu tăng trưởng"), "not valid UTF-8"),
        ("Tỷ lệ hộ nghèo".encode("utf-16"), "binary"),
    ],
)
def test_bad_files_raise_one_line(make_text, content: bytes, message: str) -> None:
    p = make_text(content)
    with pytest.raises(InputError) as exc:
        read_source(p)
    text = str(exc.value)
    assert message in text and "\n" not in text and str(p) in text


def test_non_utf8_error_names_line_and_column(make_text) -> None:
    p = make_text(b"dong 1\ndong 2 \xe0 sai\n")
    with pytest.raises(InputError, match=r":2:8: not valid UTF-8"):
        read_source(p)


def test_oversized_file(make_text) -> None:
    p = make_text("chỉ tiêu\n" * 200)
    with pytest.raises(InputError, match="over the"):
        read_source(p, max_bytes=1000)


def test_missing_and_empty_dir(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_source(tmp_path / "nope.txt")
    with pytest.raises(InputError, match="no .txt files"):
        find_inputs([tmp_path])


def test_find_inputs_sorted_and_deduplicated() -> None:
    files = find_inputs([SEEDS, SEEDS / SEED_NAMES[0]])
    assert [f.name for f in files] == SEED_NAMES
