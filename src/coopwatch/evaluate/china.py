"""The China regional S&T cooperation index: the shipped spec `data/index/china-st.yaml` built on
the store's current observations (or a tidy CSV) for a year, with rank intervals from the
spec's uncertainty analysis (`build_china_index`), or over several years on one scale
(`build_china_panel`). `make demo` prints its top and bottom regions.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from coopwatch.errors import InputError
from coopwatch.evaluate.index import Index
from coopwatch.evaluate.panel import PanelIndex, run_panel_uncertainty
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


def complete_years(store_or_csv, min_share: float = 0.9) -> list[int]:
    """The years in which every indicator of the China spec (derived ones computed as the
    spec does) has a value for at least `min_share` of the 31 provinces."""
    spec = load_spec(CHINA_SPEC)
    return _complete(spec, _observations(spec, store_or_csv)[0], min_share)


def _observations(spec, store_or_csv) -> tuple[pd.DataFrame, str]:
    """The tidy observations the spec reads (with its derived indicators), and where from."""
    from coopwatch.evaluate.sources import (add_derived_indicators, clean_observations, observations_from_store,
                                            read_observations_csv)

    csv = isinstance(store_or_csv, (str, Path))
    tidy = read_observations_csv(Path(store_or_csv)) if csv else observations_from_store(store_or_csv)
    if tidy.empty:
        raise InputError("no observations in the database: import some first (coopwatch import observations)")
    where = str(store_or_csv) if csv else "database table observation"
    return add_derived_indicators(clean_observations(tidy), spec.data.get("derive") or {}, where), where


def _complete(spec, tidy: pd.DataFrame, min_share: float) -> list[int]:
    meta = pd.read_csv(spec.meta)
    needed = set(meta.loc[meta["Type"] == "Indicator", "iCode"])
    provinces = tidy[tidy["region"].str.endswith("0000") & tidy["value"].notna()]
    counts = provinces[provinces["indicator"].isin(needed)].groupby(["year", "indicator"])["region"].nunique()
    return [int(y) for y, per in counts.groupby(level=0) if len(per) == len(needed) and per.min() >= min_share * 31]


def latest_complete_year(store_or_csv, min_share: float = 0.9) -> int:
    """The latest of `complete_years`: the default year of the index."""
    return _latest(complete_years(store_or_csv, min_share), min_share)


def _latest(complete: list[int], min_share: float = 0.9) -> int:
    if not complete:
        raise InputError(f"no year has every indicator of the China index for {min_share:.0%} of the provinces")
    return max(complete)


def _china_spec(store_or_csv, year: int):
    spec = load_spec(CHINA_SPEC)
    spec.data["year"] = int(year)
    store = None
    if isinstance(store_or_csv, (str, Path)):
        spec.data["observations"] = Path(store_or_csv)
    else:
        spec.data["observations"], store = "database", store_or_csv
    return spec, store


def build_china_index(store_or_csv, year: int | None, runs: int = 1000, seed: int = 0,
                      sensitivity: bool = False) -> ChinaIndex:
    """Build the index of the 31 provinces for `year` (None: `latest_complete_year`, found in
    the same reading of the observations) from a Store (its current observations) or a tidy
    observations CSV path, and its rank intervals (`runs` Monte Carlo runs); with
    `sensitivity`, also the Sobol indices of its uncertain choices (`uncertainty.sensitivity`)."""
    if year is None:
        from coopwatch.evaluate.framework import Framework
        from coopwatch.evaluate.sources import inputs_from_observations

        spec, _ = _china_spec(store_or_csv, 0)
        tidy, where = _observations(spec, store_or_csv)
        spec.data["year"] = year = _latest(_complete(spec, tidy, 0.9))
        inputs = inputs_from_observations(tidy, Framework.read(spec.meta), year, spec.data.get("regions"), where)
        index = Index(spec, inputs)  # what Index.from_spec builds from the spec's year
    else:
        spec, store = _china_spec(store_or_csv, year)
        index = Index.from_spec(spec, store=store)
    return ChinaIndex(index, run_uncertainty(index, runs, seed, sensitivity=sensitivity))


@dataclass
class ChinaPanel:
    """The China index over several years on one scale, with rank intervals per year."""

    panel: PanelIndex
    uncertainty: UncertaintyResult
    skipped: list[int]   # asked-for years left out for lack of complete data

    def table(self) -> pd.DataFrame:
        return self.panel.table(uncertainty=self.uncertainty)

    def to_dict(self) -> dict:
        return self.panel.to_dict(self.uncertainty) | {"skipped_years": self.skipped}

    def lines(self, lang: str = "en") -> list[str]:
        """Printable, 80 columns: one line per province, best in the last year first — its rank
        in each year, last score, change of score and rank since the first year, and the last
        year's 5–95 % rank interval."""
        from coopwatch.reference import gazetteer

        table, years = self.table(), self.panel.years
        first, last = years[0], years[-1]
        zh = lang == "zh"
        ranks = table.pivot(index="uCode", columns="year", values="rank")
        final = table[table["year"] == last].set_index("uCode").sort_values("rank")
        labels = ("得分", "Δ得分", "Δ排名") if zh else ("score", "Δscore", "Δrank")
        title = (f"{first}–{last} 年排名，得分同一尺度（变化相对 {first} 年）" if zh else
                 f"ranks {first}-{last}, scores on one scale (change since {first})")
        head = (" " * 17 + "".join(f"{y:>5}" for y in years)
                + "".join(_pad(label, w) for label, w in zip(labels, (7, 8, 6))) + "  5-95%")
        lines = [title, head]
        for code, row in final.iterrows():
            region = gazetteer().get(code)
            name = (region.name_zh if zh and region is not None else str(row["uName"]))
            cells = "".join(f"{ranks.at[code, y]:>5.0f}" if pd.notna(ranks.at[code, y]) else f"{'-':>5}"
                            for y in years)
            lines.append(f"{_pad(name, 17, left=True)}{cells}{row['score']:7.1f}{row['score_change']:+8.1f}"
                         f"{row['rank_change']:+6.0f}  {row['p5_rank']:.0f}-{row['p95_rank']:.0f}")
        if self.skipped:
            lines.append(("未纳入（数据不完整）：" if zh else "left out (incomplete data): ")
                         + ", ".join(map(str, self.skipped)))
        return lines


def _pad(text: str, width: int, left: bool = False) -> str:
    """`text` padded to `width` terminal columns (a Chinese character takes two), cut if longer."""
    from rich.cells import cell_len, set_cell_size

    text = set_cell_size(text, min(cell_len(text), width - 1 if left else width))
    gap = " " * (width - cell_len(text))
    return text + gap if left else gap + text


def build_china_panel(store_or_csv, years: list[int], runs: int = 1000, seed: int = 0) -> ChinaPanel:
    """Every province's score and rank in each of `years` that has complete data, normalised
    over those years together (pooled) so that scores compare over time, with rank intervals
    from one Monte Carlo pass over all the years."""
    complete = complete_years(store_or_csv)
    chosen = [y for y in sorted(set(years)) if y in complete]
    if not chosen:
        raise InputError(f"none of the years {years[0]}-{years[-1]} has complete data for the China index "
                         f"(complete: {', '.join(map(str, complete)) or 'none'})")
    spec, store = _china_spec(store_or_csv, chosen[-1])
    panel = PanelIndex.from_spec(spec, chosen, store=store)
    return ChinaPanel(panel, run_panel_uncertainty(panel, runs, seed), [y for y in sorted(set(years)) if y not in complete])
