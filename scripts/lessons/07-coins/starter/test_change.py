"""Tests of change.make_change: how the greedy algorithm behaves."""

from change import make_change  # pylint: disable=import-error # next to it when it runs


def test_a_quarter():
    assert make_change(25) == {"quarters": 1, "dimes": 0, "nickels": 0, "pennies": 0}
