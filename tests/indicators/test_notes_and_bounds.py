"""Notes kept with each value (lower bound, snapshot, inferred year, rounded, mirror copy), and the
rule that a bound can prove a target achieved but never a shortfall."""

from __future__ import annotations

import csv

from hypothesis import given, settings
from hypothesis import strategies as st

from coopwatch.indicators import ObservationSet, assess_target, derived_series, observation_history
from coopwatch.indicators.notes import note_flags
from coopwatch.indicators.shipped import shipped_observation_files
from coopwatch.plans.model import PlanFramework, PlanTarget

SUPPLEMENT = next(p for p in shipped_observation_files() if p.name.startswith("wsc-"))
EXCEEDED = 'lower bound: the source says "exceeded"'


def test_the_supplements_notes_become_flags():
    with open(SUPPLEMENT, encoding="utf-8") as fh:
        flags = {(r["region"], r["indicator"], int(r["year"])): note_flags(r["note"]) for r in csv.DictReader(fh)}
    assert flags[("500000", "national_high_tech_enterprises", 2018)] == ("lower_bound",)
    assert flags[("510000", "high_tech_industry_revenue", 2021)] == ("lower_bound",)
    assert flags[("500000", "invention_patents_owned_per_10k", 2019)] == ("snapshot",)
    assert flags[("500000", "national_high_tech_enterprises", 2021)] == ("inferred_year",)
    assert flags[("510000", "national_high_tech_enterprises", 2024)] == ("rounded", "mirror_copy")
    assert flags[("500000", "national_high_tech_enterprises", 2022)] == ()
    assert sum(f == ("lower_bound",) for f in flags.values()) == 2  # exactly the two 突破/超过 rows


def test_chinese_bound_words_and_the_upper_bound_inside_them():
    assert note_flags("高新技术企业突破2500家") == ("lower_bound",)
    assert note_flags("营业收入超过2.3万亿元") == ("lower_bound",)
    assert note_flags("不超过5%") == ("upper_bound",)  # 不超过 contains 超过
    assert note_flags("截至2019年11月, as of end-November") == ("snapshot",)
    assert note_flags(None) == () and note_flags("") == ()


def test_notes_and_flags_are_kept_with_each_stored_value(loaded):
    history = observation_history(loaded, "500000", "national_high_tech_enterprises")
    by_year = {r["year"]: r for r in history}
    assert by_year[2018]["note"] == EXCEEDED and by_year[2018]["flags"] == ["lower_bound"]
    assert by_year[2021]["flags"] == ["inferred_year"] and by_year[2022]["flags"] == []
    assert "突破2500家" in by_year[2018]["source"]


def test_a_sum_over_a_lower_bound_is_a_lower_bound(loaded, tmp_path):
    from coopwatch.indicators import import_observations, store_derived_values

    from .helpers import write_csv

    obs = ObservationSet.from_rows([("500000", "national_high_tech_enterprises", 2018, 2500, "s1", EXCEEDED),
                                    ("510000", "national_high_tech_enterprises", 2018, 8000, "s2")])
    total = derived_series(obs, "group:chengyu", "national_high_tech_enterprises")[2018]
    assert total.value == 10500 and total.bound == "lower"
    # stored as a derived value, the flag travels in its note and is read back (Chongqing's real
    # 2018 "突破2500家" plus a Sichuan value made up for the test)
    import_observations(loaded, [write_csv(tmp_path / "sc.csv", [["510000", "national_high_tech_enterprises", 2018,
                                                                   8000, "家", "test value"]])], user="admin")
    store_derived_values(loaded, user="admin")
    stored = ObservationSet.load(loaded).series("group:chengyu", "national_high_tech_enterprises")
    assert stored[2018].derived and stored[2018].value == 10500 and stored[2018].bound == "lower"
    assert stored[2022].derived and stored[2022].bound is None


def level_target(value: float, comparator: str = ">", year: int = 2025) -> tuple[PlanFramework, PlanTarget]:
    target = PlanTarget(item_ref=None, indicator="national_high_tech_enterprises", comparator=comparator, value=value,
                        unit="enterprises", year=year, regions=["500000"])
    return PlanFramework(id="test-plan", version=1, title={"en": "test"}, targets=[target]), target


def judge(rows, value: float, comparator: str = ">"):
    plan, target = level_target(value, comparator)
    obs = ObservationSet.from_rows([("500000", "national_high_tech_enterprises", y, v, "test", *note)
                                    for y, v, *note in rows])
    return assess_target(plan, target, obs)


def test_a_lower_bound_that_meets_a_more_than_target_proves_it_achieved():
    a = judge([(2020, 1800), (2023, 2500, EXCEEDED)], 2400)
    assert a.status == "achieved" and a.latest.year == 2023 and a.judged_on == "region"


def test_a_lower_bound_below_the_target_is_no_shortfall():
    # as an exact value, 2023 would be a fall: deterioration
    exact = judge([(2020, 1800), (2023, 1500)], 3000)
    assert exact.status == "deterioration"
    a = judge([(2020, 1800), (2023, 1500, EXCEEDED)], 3000)
    assert a.status == "insufficient_data" and a.latest.year == 2020
    assert "bound" in a.method and "2023" in a.method
    assert "2023" in a.reason_text("en") and "exact" in a.reason_text("en")
    assert "突破" in a.reason_text("zh")
    # with exact values on both sides of it, the exact ones are judged
    b = judge([(2020, 1800), (2021, 1700, EXCEEDED), (2022, 2400)], 3000)
    assert b.status != "insufficient_data" and [v.year for v in b.series] == [2020, 2022]


def test_a_lower_bound_cannot_prove_a_less_than_target_met():
    a = judge([(2020, 1800), (2023, 1000, EXCEEDED)], 1200, comparator="<")
    assert a.status == "insufficient_data"


def test_the_supplements_lower_bound_is_left_out_of_chongqings_enterprise_series(loaded):
    plan, target = level_target(7000)
    a = assess_target(plan, target, ObservationSet.load(loaded))
    assert [v.year for v in a.series] == [2021, 2022]  # 2018 "突破2500家" left out
    assert "2018 (lower bound 2500)" in a.method


statuses_from_bounds = st.lists(st.tuples(st.integers(2015, 2024), st.floats(100, 10_000), st.booleans()),
                                min_size=1, max_size=6, unique_by=lambda r: r[0])


@settings(max_examples=150, deadline=None)
@given(rows=statuses_from_bounds, target=st.floats(100, 20_000))
def test_a_lower_bound_never_makes_a_shortfall_alone(rows, target):
    """Whatever the series: the status with bounds is achieved (proved by a bound) or the status
    of its exact values alone; a bound never adds deterioration or limited_progress."""
    with_bounds = judge([(y, v, EXCEEDED) if bound else (y, v) for y, v, bound in rows], target)
    exact = [(y, v) for y, v, bound in rows if not bound]
    if with_bounds.status == "achieved":
        assert with_bounds.latest.value > target
    elif exact:
        assert with_bounds.status == judge(exact, target).status
    else:
        assert with_bounds.status == "insufficient_data"
