"""Tests of change.py: how the greedy algorithm behaves, and where it is not the best."""

from change import make_change


def test_a_quarter():
    assert make_change(25) == {"quarters": 1, "dimes": 0, "nickels": 0, "pennies": 0}
