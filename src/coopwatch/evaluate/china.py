"""The China regional S&T cooperation index: the shipped spec `data/index/china-st.yaml` built on
the store's current observations (or a tidy CSV) for a year, with rank intervals from the
spec's uncertainty analysis. `make demo` prints its top and bottom regions.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from coopwatch.evaluate.index import Index
from coopwatch.evaluate.spec import load_spec
from coopwatch.evaluate.uncertainty import UncertaintyResult, run_uncertainty

CHINA_SPEC = Path(__file__).resolve().parent.parent / "data" / "index" / "china-st.yaml"


@dataclass
class ChinaIndex:
    index: Index
    uncertainty: UncertaintyResult

    def table(self) -> pd.DataFrame:
        """Regions best first: name, index score, rank and its 5–95 % interval over the runs."""
        code = self.index.framework.index_code
        res = self.index.results()[["uName", "Rank", code]].rename(columns={code: "score", "Rank": "rank"})
        ranks = self.uncertainty.summary()[["median_rank", "p5_rank", "p95_rank"]]
        return res.join(ranks)

    def top(self, n: int = 5) -> pd.DataFrame:
        return self.table().head(n)

    def bottom(self, n: int = 5) -> pd.DataFrame:
        return self.table().tail(n)

    def summary_lines(self, n: int = 5) -> list[str]:
        """Printable top and bottom `n`: rank, name, score and the 5–95 % rank interval."""
        def line(code, row):
            return (f"{int(row['rank']):>3}  {row['uName']:<16} {row['score']:6.1f}  "
                    f"rank {row['p5_rank']:.0f}–{row['p95_rank']:.0f} (median {row['median_rank']:g})")
        top = [line(c, r) for c, r in self.top(n).iterrows()]
        bottom = [line(c, r) for c, r in self.bottom(n).iterrows()]
        return [f"top {n}:"] + top + [f"bottom {n}:"] + bottom


def latest_complete_year(store_or_csv, min_share: float = 0.9) -> int:
    """The latest year in which every indicator the China spec reads (after derivation) has a
    value for at least `min_share` of the 31 provinces; the default year of the index."""
    from coopwatch.evaluate.sources import observations_from_store, read_observations_csv

    spec = load_spec(CHINA_SPEC)
    tidy = (read_observations_csv(Path(store_or_csv)) if isinstance(store_or_csv, (str, Path))
            else observations_from_store(store_or_csv))
    if tidy.empty:
        from coopwatch.errors import InputError

        raise InputError("no observations in the database: import some first (coopwatch import observations)")
    derived = spec.data.get("derive") or {}
    raw = {r for rule in derived.values() for r in ([rule["growth_of"]] if "growth_of" in rule else rule["ratio_of"])}
    meta = pd.read_csv(spec.meta)
    needed = (set(meta.loc[meta["Type"] == "Indicator", "iCode"]) - set(derived)) | raw
    provinces = tidy[tidy["region"].str.endswith("0000")]
    counts = provinces[provinces["indicator"].isin(needed)].groupby(["year", "indicator"])["region"].nunique()
    complete = [int(y) for y, per in counts.groupby(level=0)
                if len(per) == len(needed) and per.min() >= min_share * 31]
    if not complete:
        from coopwatch.errors import InputError

        raise InputError(f"no year has {', '.join(sorted(needed))} for {min_share:.0%} of the provinces")
    return max(complete)


def build_china_index(store_or_csv, year: int, runs: int = 1000, seed: int = 0) -> ChinaIndex:
    """Build the index of the 31 provinces for `year` from a Store (its current observations)
    or a tidy observations CSV path, and its rank intervals (`runs` Monte Carlo runs)."""
    spec = load_spec(CHINA_SPEC)
    spec.data["year"] = int(year)
    store = None
    if isinstance(store_or_csv, (str, Path)):
        spec.data["observations"] = Path(store_or_csv)
    else:
        spec.data["observations"], store = "database", store_or_csv
    index = Index.from_spec(spec, store=store)
    return ChinaIndex(index, run_uncertainty(index, runs, seed))
