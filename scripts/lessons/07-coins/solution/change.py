"""Coin change: greedily with US coins, and the fewest coins for any set of coins."""

COINS = (("quarters", 25), ("dimes", 10), ("nickels", 5), ("pennies", 1))


def make_change(cents: int) -> dict:
    """Return how many of each coin pay CENTS, biggest coins first."""
    result = {}
    for name, value in COINS:
        result[name], cents = divmod(cents, value)
    return result


def fewest_coins(cents: int, coins: tuple) -> int:
    """Return the fewest coins of the values COINS (which include 1) that pay CENTS."""
    # best[a] is the fewest coins for a cents: one coin, plus the best for what is left.
    best = [0]
    for amount in range(1, cents + 1):
        best.append(1 + min(best[amount - coin] for coin in coins if coin <= amount))
    return best[cents]
