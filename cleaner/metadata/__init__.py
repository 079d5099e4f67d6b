"""Metadata you can trust: title, authors apart from agencies, dates with offsets, outlet.

Entry point: `extract_metadata(root, url=..., fetched=..., rule_meta=..., rule_outlet=...,
timezone=..., agencies=...) -> Metadata`, read from the unpruned tree (never modified).
Submodules: `jsonld` (tolerant JSON-LD), `meta` (meta/link/title/lang), `byline` (authors vs
agencies), `dates` (parsing and the date policy), `datelines` (visible dates), `title`,
`selectors` (rule specs), `extract` (the order of trust between all of them).
"""

from cleaner.metadata.extract import Metadata, extract_metadata
from cleaner.metadata.selectors import MetaSelector, compile_meta_selector

__all__ = ["MetaSelector", "Metadata", "compile_meta_selector", "extract_metadata"]
