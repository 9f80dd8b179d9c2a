"""Agreement and verdict rules of builder.link.cascade on small constructed figures."""

from decimal import Decimal as D

import pytest

from builder.facts import Evidence, Target
from builder.link.cascade import compare, verdict

EV = Evidence(0, 1, "x")


def t(comp: str, v: str | None, vmax: str | None = None, unit: str = "%", per_year: bool = False,
      concept: str | None = None) -> Target:
    return Target(key="t", label="x", comparator=comp, value=D(v) if v else None, value_max=D(vmax) if vmax else None,
                  unit=unit, unit_id="percent" if unit == "%" else "other", evidence=EV, per_year=per_year,
                  concept=concept)


@pytest.mark.parametrize(
    ("upper", "lower", "expected"),
    [
        (t("range", "14", "14.5"), t("=", "14.2"), "consistent"),
        (t("range", "14", "14.5"), t("=", "16"), "more_ambitious"),
        (t("range", "14", "14.5"), t(">", "12"), "less_ambitious"),
        (t(">=", "95"), t("=", "97"), "more_ambitious"),
        (t(">=", "95"), t(">=", "95"), "consistent"),
        (t("<", "3.5", concept="x"), t("<", "3.5"), "not_comparable"),
        (t("=", "95"), t("=", "97"), "more_ambitious"),
        (t("=", "100"), t("=", "100"), "consistent"),
        (t("bool", None), t("bool", None), "consistent"),
        (t("=", "95"), t("bool", None), "not_comparable"),
        (t("=", "95"), t("=", "95", unit="tỷ đồng"), "not_comparable"),
        (t("=", "12", per_year=True), t("=", "12"), "not_comparable"),
    ],
)
def test_compare(upper: Target, lower: Target, expected: str) -> None:
    got, reason = compare(upper, lower, same_level=True)
    assert got == expected, reason
    assert reason


@pytest.mark.parametrize(
    ("target", "value", "expected"),
    [
        (t("=", "35"), "37", "exceeded"),
        (t("=", "100"), "100", "met"),
        (t("=", "300"), "212", "not_met"),
        (t(">", "95"), "95.2", "met"),
        (t(">", "95"), "95", "not_met"),
        (t("range", "87", "88"), "87.5", "met"),
        (t("range", "40", "50"), "40.77", "met"),
        (t("range", "15000", "15500"), "19201", "exceeded"),
    ],
)
def test_verdict_higher_is_better(target: Target, value: str, expected: str) -> None:
    assert verdict(target, D(value), None) == expected


def test_verdict_missing_value() -> None:
    assert verdict(t("bool", None), D("1"), None) is None
    assert verdict(t("=", "1"), None, None) is None
