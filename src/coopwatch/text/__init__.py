"""Reading and plan parsing: read → decode → clean/repair → language → structure → entities → targets.

Each stage is a module with one job and can be used alone; the names below are imported lazily
so that `import coopwatch.text` stays cheap (the CLI starts in well under a second).
"""

from __future__ import annotations

import importlib

_EXPORTS = {
    "decode_bytes": "coopwatch.text.decode",
    "read_source": "coopwatch.text.read",
    "read_bytes": "coopwatch.text.read",
    "fold_traditional": "coopwatch.text.variants",
    "clean_text": "coopwatch.text.clean",
    "detect_language": "coopwatch.text.language",
    "parse_structure": "coopwatch.text.structure",
    "find_entities": "coopwatch.text.entities",
    "find_targets": "coopwatch.text.targets",
    "find_repairs": "coopwatch.text.repairs",
    "document_fields": "coopwatch.text.plan_fields",
    "parse_plan": "coopwatch.text.plan_parser",
    "parse_plan_text": "coopwatch.text.plan_parser",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'coopwatch.text' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
