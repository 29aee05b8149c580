#!/usr/bin/env python3
"""Add random numbers from 1 to 9, as many times as the first argument says (10 by default)."""

import random
import sys


def add(x, y):
    """Return the sum of x and y."""
    return x + y


if __name__ == "__main__":
    COUNT = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    for _ in range(COUNT):
        a, b = random.randint(1, 9), random.randint(1, 9)
        print(f"{a} + {b} = {add(a, b)}")
