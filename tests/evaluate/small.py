"""A small hand-checkable index for the tests: units A, B, C (+ D), indicators i1, i2 under
pillar P1, i3 under P2, index IDX."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from coopwatch.evaluate import Index, spec_from_dict

META = pd.DataFrame([
    {"Level": 1, "iCode": "i1", "iName": "one", "Direction": 1, "Weight": 1, "Parent": "P1", "Type": "Indicator", "Target": 10},
    {"Level": 1, "iCode": "i2", "iName": "two", "Direction": -1, "Weight": 1, "Parent": "P1", "Type": "Indicator", "Target": None},
    {"Level": 1, "iCode": "i3", "iName": "three", "Direction": 1, "Weight": 2, "Parent": "P2", "Type": "Indicator", "Target": None},
    {"Level": 2, "iCode": "P1", "iName": "pillar 1", "Direction": 1, "Weight": 1, "Parent": "IDX", "Type": "Aggregate", "Target": None},
    {"Level": 2, "iCode": "P2", "iName": "pillar 2", "Direction": 1, "Weight": 3, "Parent": "IDX", "Type": "Aggregate", "Target": None},
    {"Level": 3, "iCode": "IDX", "iName": "index", "Direction": 1, "Weight": 1, "Parent": None, "Type": "Aggregate", "Target": None},
    {"Level": None, "iCode": "grp", "iName": "group", "Direction": None, "Weight": None, "Parent": None, "Type": "Group", "Target": None},
    {"Level": None, "iCode": "pop", "iName": "population", "Direction": None, "Weight": None, "Parent": None, "Type": "Denominator", "Target": None},
])

DATA = pd.DataFrame({"uCode": ["A", "B", "C", "D"], "uName": ["Ay", "Bee", "Cee", "Dee"],
                     "grp": ["x", "x", "y", "y"], "pop": [1.0, 2.0, 4.0, 5.0],
                     "i1": [2.0, 4.0, 10.0, 6.0], "i2": [1.0, 3.0, 5.0, 2.0], "i3": [3.0, 9.0, 6.0, 12.0]})


def write_small(folder: Path, data: pd.DataFrame = DATA, meta: pd.DataFrame = META) -> None:
    data.to_csv(folder / "data.csv", index=False)
    meta.to_csv(folder / "meta.csv", index=False)


def small_index(folder: Path, steps: dict | None = None, weights="original", uncertainty=None,
                data: pd.DataFrame = DATA, meta: pd.DataFrame = META) -> Index:
    write_small(folder, data, meta)
    spec = {"data": {"units": "data.csv"}, "meta": "meta.csv",
            "steps": steps if steps is not None else {"normalise": {"method": "minmax", "range": [0, 100]}},
            "weights": weights}
    if uncertainty:
        spec["uncertainty"] = uncertainty
    return Index.from_spec(spec_from_dict(spec, base=folder))
