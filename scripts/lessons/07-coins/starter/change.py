"""Greedy coin change: pay an amount of cents with as few US coins as possible."""

COINS = (("quarters", 25), ("dimes", 10), ("nickels", 5), ("pennies", 1))


def make_change(cents: int) -> dict:
    """Return how many of each coin pay CENTS, biggest coins first."""
    raise NotImplementedError("make_change is yours to write")
