"""Manifest and sidecar metadata: the seeds' manifest, lookup order, and every kind of malformed file."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from builder.errors import MetadataError
from builder.manifest import find_metadata, load_manifest, load_sidecar
from tests.conftest import DATA, SEED_NAMES, SEEDS

BAD = sorted((DATA / "bad_input").glob("malformed_manifest*.toml"))


def test_seed_manifest_covers_every_seed() -> None:
    manifest = load_manifest(SEEDS / "manifest.toml")
    assert sorted(manifest) == SEED_NAMES
    for name, meta in manifest.items():
        assert meta.kind in ("political_report", "resolution")
        assert meta.quality in ("clean", "ocr")
        assert meta.term_start is not None and meta.term_end is not None, name
        assert 4 <= meta.term_end - meta.term_start <= 5, name
        assert meta.detected == ()
    # The final 2020 report is a revision of its draft.
    final = manifest["000_b6a79b466e997885.txt"]
    assert final.revision_of == "004_4ef7886d0b8bf600.txt" and final.version == "final"
    assert manifest["004_4ef7886d0b8bf600.txt"].version == "draft"
    assert manifest["002_ce929b4666bbff87.txt"].date == "2025-12-11"


def test_find_metadata_uses_the_manifest_beside_the_text() -> None:
    meta = find_metadata(SEEDS / "003_fa57fa61f79953c7.txt")
    assert meta is not None and meta.unit_name == "thành phố Hải Phòng" and meta.quality == "clean"


def test_find_metadata_prefers_a_sidecar(tmp_path: Path) -> None:
    text = tmp_path / "plan.txt"
    text.write_text("Nghị quyết", encoding="utf-8")
    manifest = '[[document]]\nfile = "plan.txt"\nkind = "plan"\n'
    (tmp_path / "manifest.toml").write_text(manifest, encoding="utf-8")
    assert find_metadata(text).kind == "plan"  # type: ignore[union-attr]
    (tmp_path / "plan.toml").write_text('kind = "resolution"\nlevel = "commune"\ndate = 2025-12-11\n',
                                        encoding="utf-8")
    meta = find_metadata(text)
    assert meta is not None and (meta.kind, meta.level, meta.date) == ("resolution", "commune", "2025-12-11")


def test_find_metadata_reads_a_manifest_once_and_again_when_it_changes(tmp_path: Path, monkeypatch) -> None:
    """Every document of a folder looks its entry up in the same manifest: it is parsed once per version of
    the file, not once per document, and an edited manifest is read again."""
    import os

    import builder.manifest as manifest_module

    calls: list[str] = []
    real = manifest_module.load_manifest
    monkeypatch.setattr(manifest_module, "load_manifest", lambda path: calls.append(str(path)) or real(path))
    entries = "".join(f'[[document]]\nfile = "{n}.txt"\nkind = "plan"\n' for n in "abc")
    (tmp_path / "manifest.toml").write_text(entries, encoding="utf-8")
    texts = [tmp_path / f"{n}.txt" for n in "abc"]
    for t in texts:
        t.write_text("Nghị quyết", encoding="utf-8")
    assert [find_metadata(t).kind for t in texts] == ["plan"] * 3  # type: ignore[union-attr]
    assert len(calls) == 1
    (tmp_path / "manifest.toml").write_text(entries.replace('"plan"', '"resolution"'), encoding="utf-8")
    os.utime(tmp_path / "manifest.toml", ns=(1, 1))  # a new version even on a coarse clock
    assert [find_metadata(t).kind for t in texts] == ["resolution"] * 3  # type: ignore[union-attr]
    assert len(calls) == 2


def test_find_metadata_without_any_metadata(tmp_path: Path) -> None:
    text = tmp_path / "x.txt"
    text.write_text("text", encoding="utf-8")
    assert find_metadata(text) is None
    (tmp_path / "manifest.toml").write_text('[[document]]\nfile = "other.txt"\n', encoding="utf-8")
    assert find_metadata(text) is None


def test_sidecar_may_not_name_a_file(tmp_path: Path) -> None:
    side = tmp_path / "a.toml"
    side.write_text('kind = "plan"\nfile = "a.txt"\n', encoding="utf-8")
    with pytest.raises(MetadataError) as err:
        load_sidecar(side)
    assert str(err.value).startswith(f"{side}:2: unknown key 'file'")


def test_missing_manifest_is_a_metadata_error(tmp_path: Path) -> None:
    with pytest.raises(MetadataError, match="cannot read"):
        load_manifest(tmp_path / "manifest.toml")


def _expectation(path: Path) -> tuple[int, str]:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    m = re.match(r"# expect: line (\d+): (.+)$", first)
    assert m, f"{path.name} must start with '# expect: line N: message'"
    return int(m.group(1)), m.group(2)


def test_every_bad_manifest_kind_has_a_fixture() -> None:
    assert len(BAD) >= 10


@pytest.mark.parametrize("path", BAD, ids=lambda p: p.stem)
def test_malformed_manifest(path: Path) -> None:
    line, message = _expectation(path)
    with pytest.raises(MetadataError) as err:
        load_manifest(path)
    text = str(err.value)
    assert "\n" not in text
    assert text.startswith(f"{path}:{line}")
    assert message in text
