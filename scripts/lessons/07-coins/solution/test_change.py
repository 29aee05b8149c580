"""Tests of change.make_change: how the greedy algorithm behaves."""

from change import make_change  # pylint: disable=import-error # next to it when it runs


def test_a_quarter():
    assert make_change(25) == {"quarters": 1, "dimes": 0, "nickels": 0, "pennies": 0}


def test_two_dimes():
    assert make_change(20) == {"quarters": 0, "dimes": 2, "nickels": 0, "pennies": 0}


def test_every_coin():
    assert make_change(41) == {"quarters": 1, "dimes": 1, "nickels": 1, "pennies": 1}


def test_nothing():
    assert make_change(0) == {"quarters": 0, "dimes": 0, "nickels": 0, "pennies": 0}


def test_the_chapter_example():
    assert make_change(134) == {"quarters": 5, "dimes": 0, "nickels": 1, "pennies": 4}
