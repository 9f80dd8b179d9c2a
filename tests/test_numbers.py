"""Vietnamese numerals: separators decide, never digit counts alone."""

from decimal import Decimal

import pytest

from builder.numbers import NumberFormatError, is_year_like, parse_number, scaled, try_number


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1.057.207", Decimal("1057207")),
        ("14,02", Decimal("14.02")),
        ("67,038", Decimal("67.038")),  # three decimals after a comma stay decimals
        ("1.200", Decimal("1200")),
        ("05", Decimal("5")),
        ("44.3", Decimal("44.3")),  # OCR/English decimal point
        ("3.673,94", Decimal("3673.94")),
    ],
)
def test_parse_number(text: str, value: Decimal) -> None:
    assert parse_number(text) == value


def test_rejects_non_numbers() -> None:
    with pytest.raises(NumberFormatError):
        parse_number("12a")
    assert try_number("1.23.4") is None


def test_years_and_scales() -> None:
    assert is_year_like("2030") and not is_year_like("1.100") and not is_year_like("3000")
    assert scaled(Decimal("2.5"), "trieu ty dong") == Decimal("2.5E15")
    assert scaled(Decimal("5.58"), "van luot") == Decimal("55800")
