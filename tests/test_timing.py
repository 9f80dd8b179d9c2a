"""Step timings of a build, and the layering of the modules the segmenter and the table reader share."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest

from builder.timing import Timings


def test_steps_are_recorded_in_order_with_their_duration() -> None:
    timings = Timings()
    with timings.step("read"):
        time.sleep(0.01)
    with timings.step("link"):
        pass
    assert list(timings) == ["read", "link"]
    assert timings["read"] >= 0.01
    assert 0 <= timings["link"] < timings["read"]


def test_a_step_that_raises_is_still_recorded() -> None:
    timings = Timings()
    with pytest.raises(ValueError), timings.step("emit"):
        raise ValueError("bad")
    assert "emit" in timings


def test_the_table_reader_does_not_need_the_segmenter() -> None:
    """layout → tables → document → segment: importing the table reader does not import the segmenter."""
    code = "import sys, builder.tables; print('builder.segment' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
