"""The sources list of a report: every number carries a reference to what it came from.

Three kinds, numbered in order of first use:
- `S…` a stored observation's source (a statistical bulletin, a yearbook table) — cells cite it
  with the observation's key region|indicator|year, so a reader (or a test) can look the value up;
- `D…` a stored document (its id and path), the evidence a count or an amount rests on;
- `C…` a computation of coopwatch (the progress measure, the projection, the scorecard, the
  index, the counting rule), described in the methods appendix.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Reference:
    id: str
    kind: str  # observation | document | computation
    text: str
    detail: str | None = None


@dataclass
class References:
    entries: dict[tuple[str, str], Reference] = field(default_factory=dict)

    def _add(self, kind: str, prefix: str, key: str, text: str, detail: str | None = None) -> str:
        found = self.entries.get((kind, key))
        if found is None:
            n = sum(1 for k, _ in self.entries if k == kind) + 1
            found = self.entries[(kind, key)] = Reference(f"{prefix}{n}", kind, text, detail)
        return found.id

    def source(self, text: str) -> str:
        return self._add("observation", "S", text, text)

    def document(self, doc_id: int, path: str | None, title: str | None = None) -> str:
        return self._add("document", "D", str(doc_id), title or path or f"document {doc_id}",
                         f"document {doc_id}" + (f", {path}" if path else ""))

    def computation(self, key: str, text: str) -> str:
        return self._add("computation", "C", key, text)

    def listing(self) -> list[Reference]:
        order = {"computation": 0, "observation": 1, "document": 2}
        return sorted(self.entries.values(), key=lambda r: (order[r.kind], int(r.id[1:])))


def cell(text, *, ref: str | list[str] | None = None, obs: str | None = None, doc: int | None = None,
         value: float | None = None) -> dict:
    """A table cell that carries its references; `obs` (region|indicator|year) or `doc` say
    which stored value or document the number is, `value` the unrounded number."""
    refs = [ref] if isinstance(ref, str) else list(ref or [])
    return {"text": str(text), "refs": refs, "obs": obs, "doc": doc, "value": value}
