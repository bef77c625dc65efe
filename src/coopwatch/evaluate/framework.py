"""The index framework: the tree indicator → pillar → … → index read from a COINr-style iMeta table.

iMeta columns (COINr layout): `Level, iCode, iName, Direction, Weight, Parent, Type`, optional
`Denominator, Target, Unit`. `Type` is `Indicator` (level 1), `Aggregate` (levels 2…L),
`Group` (a grouping column of the unit table) or `Denominator` (a column to divide by).
The single node of the top level is the index itself.

Effective weight of an indicator: the product, from the indicator up to the index, of each node's
weight divided by the sum of the weights of its siblings — the share of the index score that the
indicator carries under an arithmetic mean with complete data.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from coopwatch.errors import InputError

REQUIRED_COLUMNS = ("Level", "iCode", "Direction", "Weight", "Parent", "Type")
NODE_TYPES = ("Indicator", "Aggregate")


@dataclass(frozen=True)
class Node:
    code: str
    name: str
    level: int
    parent: str | None
    direction: int
    weight: float
    target: float | None = None
    denominator: str | None = None
    unit: str | None = None


class Framework:
    """Nodes by code (in iMeta order), with the tree queries the steps need."""

    def __init__(self, nodes: list[Node], groups: list[str], denominators: list[str]):
        self.nodes = {n.code: n for n in nodes}
        self.groups = list(groups)
        self.denominators = list(denominators)
        self.n_levels = max(n.level for n in nodes)
        self.indicators = [n.code for n in nodes if n.level == 1]
        self.index_code = self.codes_at(self.n_levels)[0]

    def codes_at(self, level: int) -> list[str]:
        return [c for c, n in self.nodes.items() if n.level == level]

    def children(self, code: str) -> list[str]:
        return [c for c, n in self.nodes.items() if n.parent == code]

    def aggregates(self) -> list[str]:
        """Codes of levels 2…L, lowest level first (the order in which they are computed)."""
        return [c for level in range(2, self.n_levels + 1) for c in self.codes_at(level)]

    def direction(self, code: str) -> int:
        return self.nodes[code].direction

    def original_weights(self) -> dict[str, float]:
        return {c: n.weight for c, n in self.nodes.items()}

    def membership(self, level: int) -> tuple[list[str], list[str], np.ndarray]:
        """Children at `level`, their parents at `level + 1`, and the 0/1 matrix child → parent."""
        kids = self.codes_at(level)
        parents = self.codes_at(level + 1)
        m = np.zeros((len(kids), len(parents)))
        for i, k in enumerate(kids):
            m[i, parents.index(self.nodes[k].parent)] = 1.0
        return kids, parents, m

    def effective_weights(self, weights: dict[str, float]) -> dict[str, float]:
        """Share of the index carried by each node (product of sibling-normalised weights)."""
        out: dict[str, float] = {}
        for code in self.nodes:
            share, node = 1.0, self.nodes[code]
            while node.parent is not None:
                siblings = self.children(node.parent)
                total = sum(weights[s] for s in siblings)
                share *= weights[node.code] / total if total else 0.0
                node = self.nodes[node.parent]
            out[code] = share
        return out

    def check_codes(self, codes, where: str) -> None:
        """Refuse unknown iCodes, naming them and where they were given."""
        unknown = [c for c in codes if c not in self.nodes]
        if unknown:
            raise InputError(f"{where}: unknown iCode(s) {', '.join(map(str, unknown))}")

    @classmethod
    def from_meta(cls, meta: pd.DataFrame, source: str = "meta") -> "Framework":
        missing = [c for c in REQUIRED_COLUMNS if c not in meta.columns]
        if missing:
            raise InputError(f"{source}: missing column(s) {', '.join(missing)} (COINr iMeta layout)")
        nodes, groups, denominators = [], [], []
        for row_no, row in enumerate(meta.to_dict("records"), start=2):
            kind = str(row["Type"]).strip()
            code = str(row["iCode"]).strip()
            if kind == "Group":
                groups.append(code)
                continue
            if kind == "Denominator":
                denominators.append(code)
                continue
            if kind not in NODE_TYPES:
                raise InputError(f"{source} line {row_no}: Type {kind!r} of {code} is not one of "
                                 "Indicator, Aggregate, Group, Denominator")
            try:
                level = int(row["Level"])
                direction = int(row["Direction"])
                weight = float(row["Weight"])
            except (TypeError, ValueError):
                raise InputError(f"{source} line {row_no}: Level, Direction and Weight of {code} must be numbers") from None
            if direction not in (-1, 1):
                raise InputError(f"{source} line {row_no}: Direction of {code} must be 1 or -1, not {direction}")
            if not np.isfinite(weight) or weight < 0:
                raise InputError(f"{source} line {row_no}: Weight of {code} must be a non-negative number")
            parent = row.get("Parent")
            parent = None if _missing(parent) else str(parent).strip()
            target = row.get("Target")
            denom = row.get("Denominator")
            nodes.append(Node(code=code, name=str(row.get("iName") or code), level=level, parent=parent,
                              direction=direction, weight=weight,
                              target=None if _missing(target) else float(target),
                              denominator=None if _missing(denom) else str(denom).strip(),
                              unit=None if _missing(row.get("Unit")) else str(row.get("Unit"))))
        _check_tree(nodes, source)
        return cls(nodes, groups, denominators)

    @classmethod
    def read(cls, path: Path) -> "Framework":
        try:
            meta = pd.read_csv(path)
        except (OSError, pd.errors.ParserError) as exc:
            raise InputError(f"{path}: cannot read the iMeta table ({exc})") from None
        return cls.from_meta(meta, source=str(path))


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and np.isnan(value)) or str(value).strip() in ("", "NA")


def _check_tree(nodes: list[Node], source: str) -> None:
    by_code = {}
    for n in nodes:
        if n.code in by_code:
            raise InputError(f"{source}: iCode {n.code} appears twice")
        by_code[n.code] = n
    if not nodes or not any(n.level == 1 for n in nodes):
        raise InputError(f"{source}: no indicators (Level 1 rows)")
    top = max(n.level for n in nodes)
    tops = [n.code for n in nodes if n.level == top]
    if len(tops) != 1:
        raise InputError(f"{source}: the top level {top} must hold exactly one node (the index), found {', '.join(tops)}")
    for n in nodes:
        if n.level == top:
            continue
        parent = by_code.get(n.parent) if n.parent else None
        if parent is None:
            raise InputError(f"{source}: parent {n.parent!r} of {n.code} is not an iCode of the framework")
        if parent.level != n.level + 1:
            raise InputError(f"{source}: parent {parent.code} of {n.code} must be at level {n.level + 1}, not {parent.level}")
    for n in nodes:
        if n.level > 1 and not any(k.parent == n.code for k in nodes):
            raise InputError(f"{source}: aggregate {n.code} has no children")
