"""Coin change: greedily with US coins, and the fewest coins for any set of coins."""

COINS = (("quarters", 25), ("dimes", 10), ("nickels", 5), ("pennies", 1))


def make_change(cents: int) -> dict:
    """Return how many of each coin pay CENTS, biggest coins first."""
    raise NotImplementedError("make_change is yours to write")


def fewest_coins(cents: int, coins: tuple) -> int:
    """Return the fewest coins of the values COINS (which include 1) that pay CENTS."""
    raise NotImplementedError("fewest_coins is yours to write")
