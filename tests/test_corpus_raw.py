"""Snapshot of the full record of every page in corpus_raw/ (text split into paragraphs so
a diff reads well), validated against the JSON Schema; plus the seed acceptance checks."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import jsonschema
import pytest

from cleaner.api import Extractor, RawDoc
from cleaner.ruletools import snapshot_of

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "corpus_raw"
SCHEMA = json.loads((ROOT / "cleaner" / "record.schema.json").read_text(encoding="utf-8"))
MANIFEST = {row["path"]: row for row in map(json.loads, (RAW / "manifest.jsonl").read_text(
    encoding="utf-8").splitlines()) if row}
PAGES = sorted(p for p in RAW.rglob("*") if p.name.endswith((".html", ".htm", ".html.gz")))


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor.load(ROOT / "rules")


def _record(extractor: Extractor, path: Path) -> dict | None:
    rel = path.relative_to(RAW).as_posix()
    data = path.read_bytes()
    if path.name.endswith(".gz"):
        data = gzip.decompress(data)
    row = MANIFEST.get(rel, {})
    return extractor.explain(RawDoc(rel, data, url=row.get("url"),
                                    fetched=row.get("fetched"))).record


def test_every_page_is_in_the_manifest() -> None:
    assert {p.relative_to(RAW).as_posix() for p in PAGES} <= set(MANIFEST)


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.relative_to(RAW).as_posix())
def test_record_snapshot(extractor: Extractor, path: Path, snapshot) -> None:  # noqa: ANN001
    record = _record(extractor, path)
    if record is None:
        assert snapshot == None  # noqa: E711 (a reject is a snapshot too)
        return
    jsonschema.validate(record, SCHEMA)
    shown = snapshot_of(record)  # the text as paragraphs; paragraphs as their types
    assert shown == snapshot
