"""Tests of change.py: how the greedy algorithm behaves, and where it is not the best."""

from change import fewest_coins, make_change


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


def test_greedy_is_not_always_the_fewest():
    # Greedy pays 6 with 4 + 1 + 1; two 3s are fewer.
    assert fewest_coins(6, (1, 3, 4)) == 2


def test_fewest_agrees_with_greedy_for_us_coins():
    assert fewest_coins(134, (1, 5, 10, 25)) == 10
