"""The unit table: values convert to the indicator's unit, never across dimensions."""

import pytest

from coopwatch.errors import InputError
from coopwatch.indicators.units import conversion_factor, convert


@pytest.mark.parametrize("value,unit,target,expected", [
    (1_234_567.0, "万元", "100 million CNY", 123.4567),  # yearbook 10^4 CNY to 亿元
    (5.0, "billion yuan", "亿元", 50.0),
    (300.0, "million CNY", "100 million CNY", 3.0),
    (21.0, "‰", "% of GDP", 2.1),
    (0.021, "fraction", "%", 2.1),
    (3500.0, "万人", "10 thousand persons", 3500.0),
    (35_000_000.0, "persons", "10 thousand persons", 3500.0),
    (160.0, "per 100,000 people", "per 10,000 people", 16.0),
    (16.14, "件/万人", "per 10,000 people", 16.14),
    (16.14, "invention patents per 10,000 population", "per 10,000 people", 16.14),
    (489.0, "家", "enterprises", 489.0),
])
def test_values_convert_to_the_indicator_unit(value, unit, target, expected):
    assert convert(value, unit, target) == pytest.approx(expected)


def test_units_of_different_dimensions_do_not_convert():
    assert conversion_factor("亿元", "% of GDP") is None
    assert conversion_factor("furlongs", "亿元") is None
    with pytest.raises(InputError, match="does not convert"):
        convert(1.0, "%", "100 million CNY")
