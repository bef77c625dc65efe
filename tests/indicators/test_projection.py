"""Projection: time-weighted regression with its prediction interval, and compound growth."""

import pytest

from coopwatch.indicators.projection import project, weighted_regression


def test_weighted_regression_reproduces_a_straight_line():
    value, half = weighted_regression([2018, 2019, 2020, 2021], [1.0, 2.0, 3.0, 4.0], 2025)
    assert value == pytest.approx(8.0)
    assert half == pytest.approx(0.0, abs=1e-9)


def test_recent_years_weigh_more():
    years, values = [2018, 2019, 2020, 2021, 2022], [1.0, 1.0, 1.0, 1.0, 3.0]
    weighted, _ = weighted_regression(years, values, 2025)
    import numpy as np

    slope, intercept = np.polyfit(years, values, 1)
    assert weighted > slope * 2025 + intercept


def test_band_covers_the_projection_and_compound_growth():
    points = [(2018, 100.0), (2019, 108.0), (2020, 119.0), (2021, 127.0), (2022, 140.0)]
    p = project(points, 2025, growth_rate=(140 / 100) ** 0.25 - 1)
    compound = 140 * ((140 / 100) ** 0.25) ** 3
    assert p.low < p.value < p.high
    assert p.low <= compound <= p.high
    assert "time-weighted linear regression" in p.method and "prediction interval" in p.method


def test_two_values_use_compound_growth_with_the_linear_trend_as_band():
    p = project([(2022, 100.0), (2023, 110.0)], 2025, growth_rate=0.10)
    assert p.value == pytest.approx(110 * 1.1 ** 2)
    assert (p.low, p.high) == (pytest.approx(130.0), pytest.approx(133.1))
    assert p.method.startswith("compound growth")
