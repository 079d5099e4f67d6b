"""The corpus directory's README.md: a Hugging Face dataset card whose YAML header gives the
record's column types, so that `datasets.load_dataset("corpus_clean", split="train")` loads
every shard.

Why: without declared types, `datasets` infers them from the first shard and casts the
others to them, and a column that is empty or null all through one shard (`desk_initials`,
`duplicate_of`, an image `credit`) is typed null there: the next shard that has a value
fails to load ("Couldn't cast array of type string to null"; 181 pages in shards of 20,
2026-12-01). The types come from record.schema.json, so the card follows the schema. The
card holds no dates or counts: a rebuild writes the same bytes.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from cleaner.record import RECORD_KEYS, SCHEMA_VERSION

SCHEMA_FILE = Path(__file__).with_name("record.schema.json")
CARD = "README.md"
SHARDS = "corpus-*"  # .jsonl, .jsonl.gz, .jsonl.zst
_DTYPES = {"string": "string", "integer": "int64", "boolean": "bool", "number": "float64"}


def dataset_card() -> str:
    """The card: YAML header (configs, dataset_info.features) and a short description."""
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    lines = ["---", "configs:", "- config_name: default", "  data_files:", "  - split: train",
             f"    path: {SHARDS}", "dataset_info:", "  features:"]
    for key in RECORD_KEYS:
        lines += _feature(key, schema["properties"][key], "  ")
    lines.append("---")
    return "\n".join(lines) + "\n" + _BODY.format(version=SCHEMA_VERSION)


def _feature(name: str, spec: dict[str, Any], indent: str) -> list[str]:
    kind = _type_of(spec)
    if kind != "array":
        return [f"{indent}- name: {name}", f"{indent}  dtype: {_DTYPES[kind]}"]
    items = spec.get("items", {})
    if _type_of(items) != "object":
        return [f"{indent}- name: {name}", f"{indent}  sequence: {_DTYPES[_type_of(items)]}"]
    out = [f"{indent}- name: {name}", f"{indent}  list:"]
    for key, field in items["properties"].items():
        out += _feature(key, field, indent + "  ")
    return out


def _type_of(spec: dict[str, Any]) -> str:
    """The JSON Schema type of a field, null left out (every column may hold nulls)."""
    declared = spec.get("type")
    if declared is None:
        if "const" in spec:
            return "integer" if isinstance(spec["const"], int) else "string"
        return "string"  # an enum of strings (and null)
    types = [t for t in (declared if isinstance(declared, list) else [declared]) if t != "null"]
    return types[0] if types else "string"


_BODY = """
# A corpus built by cleaner

One news article per line in the `corpus-*.jsonl` shards (record schema version
{version}; the fields are described in cleaner's README and `record.schema.json`). Pages
that did not become an article are listed in `rejects.jsonl` with a reason, and
`report.json` summarises the build.

```python
import datasets
corpus = datasets.load_dataset("path/to/this/directory", split="train")

import pandas as pd, glob
frame = pd.concat(pd.read_json(p, lines=True) for p in sorted(glob.glob("corpus-*.jsonl")))
```
"""
