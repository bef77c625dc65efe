"""The progress measure (Open SDG methodology 2) with hand-computed values: every status, every
comparator, a "down" indicator and growth targets."""

import pytest

from coopwatch.indicators.progress import cagr, growth_progress, level_progress, status_from_ratio


def test_cagr_by_hand():
    assert cagr(100, 121, 2) == pytest.approx(0.10)
    assert cagr(0, 5, 2) is None and cagr(5, 5, 0) is None


# baseline 2020 = 2.0, target 4.0 in 2025: required growth (4/2)^(1/5) - 1 = 0.148698
REQUIRED = 2 ** 0.2 - 1


@pytest.mark.parametrize("latest,status,ratio", [
    (2.0 * (1 + REQUIRED) ** 2, "on_track", 1.0),            # exactly the required pace
    (2.0 * (1 + 0.8 * REQUIRED) ** 2, "acceleration_needed", 0.8),
    (2.0 * (1 + 0.3 * REQUIRED) ** 2, "limited_progress", 0.3),
    (1.8, "deterioration", ((1.8 / 2.0) ** 0.5 - 1) / REQUIRED),
])
def test_level_target_statuses(latest, status, ratio):
    p = level_progress((2020, 2.0), (2022, latest), target=4.0, target_year=2025, comparator=">")
    assert p.status == status
    assert p.ratio == pytest.approx(ratio)
    assert p.required_growth == pytest.approx(REQUIRED)


def test_ratio_thresholds_are_inclusive_at_0_95_and_0_6():
    assert [status_from_ratio(r) for r in (0.95, 0.9499, 0.6, 0.5999, 0.0, -0.0001)] == [
        "on_track", "acceleration_needed", "acceleration_needed", "limited_progress", "limited_progress",
        "deterioration"]
    at = lambda r: level_progress((2020, 2.0), (2022, 2.0 * (1 + r * REQUIRED) ** 2), target=4.0,
                                  target_year=2025, comparator=">=").status
    assert (at(0.951), at(0.949), at(0.601), at(0.599)) == (
        "on_track", "acceleration_needed", "acceleration_needed", "limited_progress")


def test_achieved_depends_on_the_comparator():
    assert level_progress((2020, 4.0), (2022, 5.0), target=5.0, target_year=2025, comparator=">=").status == "achieved"
    # 5 is not more than 5: the baseline 4 needs (5/4)^(1/5)-1 a year; two years at (5/4)^(1/2)-1 is ahead of it
    strict = level_progress((2020, 4.0), (2022, 5.0), target=5.0, target_year=2025, comparator=">")
    assert strict.status == "on_track"
    assert strict.ratio == pytest.approx((1.25 ** 0.5 - 1) / (1.25 ** 0.2 - 1))


def test_a_target_to_reduce_is_inverted():
    # less is better: from 10 to 5 by 2025 needs (0.5)^(1/5)-1 = -12.94 % a year
    required = 0.5 ** 0.2 - 1
    falling = level_progress((2020, 10.0), (2022, 10.0 * (1 + required) ** 2), target=5.0, target_year=2025,
                             comparator="<=")
    assert falling.status == "on_track" and falling.ratio == pytest.approx(1.0)
    rising = level_progress((2020, 10.0), (2022, 11.0), target=5.0, target_year=2025, comparator="<")
    assert rising.status == "deterioration" and rising.ratio < 0
    assert level_progress((2020, 10.0), (2022, 4.0), target=5.0, target_year=2025, comparator="<").status == "achieved"


def test_equal_comparator_follows_the_indicator_direction():
    down = level_progress((2020, 10.0), (2022, 9.0), target=5.0, target_year=2025, comparator="=", direction="down")
    # falling towards a lower target is progress: r = -CAGR_o / |CAGR_r| > 0
    assert down.ratio == pytest.approx(-((0.9 ** 0.5) - 1) / abs(0.5 ** 0.2 - 1))
    assert down.status == "limited_progress"
    up = level_progress((2020, 10.0), (2022, 9.0), target=20.0, target_year=2025, comparator="=", direction="up")
    assert up.status == "deterioration"


def test_baseline_that_met_the_target_and_then_fell_below_is_deterioration():
    p = level_progress((2020, 6.0), (2022, 4.5), target=5.0, target_year=2025, comparator=">")
    assert p.status == "deterioration"


def test_fewer_than_two_values_is_insufficient_data():
    assert level_progress(None, (2022, 3.0), target=5.0, target_year=2025, comparator=">").status == "insufficient_data"
    assert level_progress((2022, 3.0), (2022, 3.0), target=5.0, target_year=2025, comparator=">").status \
        == "insufficient_data"
    assert growth_progress(None, None, target_rate=0.05, target_year=2025, comparator=">").status == "insufficient_data"


@pytest.mark.parametrize("end,status", [
    (100 * 1.06 ** 3, "on_track"),              # 6 % a year against > 5 %: ratio 1.2
    (100 * 1.04 ** 3, "acceleration_needed"),   # ratio 0.8
    (100 * 1.01 ** 3, "limited_progress"),      # ratio 0.2
    (100 * 0.97 ** 3, "deterioration"),         # ratio -0.6
])
def test_growth_target_is_judged_on_the_compound_growth_of_the_level(end, status):
    p = growth_progress((2020, 100.0), (2023, end), target_rate=0.05, target_year=2025, comparator=">")
    assert p.status == status
    assert p.required_growth == pytest.approx(0.05)
    assert p.ratio == pytest.approx(((end / 100) ** (1 / 3) - 1) / 0.05)


def test_growth_target_is_achieved_only_once_its_year_is_reached():
    before = growth_progress((2020, 100.0), (2023, 100 * 1.06 ** 3), target_rate=0.05, target_year=2025,
                             comparator=">=")
    at = growth_progress((2020, 100.0), (2025, 100 * 1.06 ** 5), target_rate=0.05, target_year=2025, comparator=">=")
    assert before.status == "on_track" and at.status == "achieved"
