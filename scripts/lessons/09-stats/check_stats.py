"""Lesson 9's checks of summary.txt, run by check.sh: STEP/FAIL/OK lines for the runner."""

import csv
import re
import statistics
import sys

from learncheck import fail, step  # scripts/lib, on PYTHONPATH from the runner

STATS = ("count", "mean", "std", "min", "25%", "50%", "75%", "max")
# Other names people reach for, meaning the same statistic.
ALIASES = {"median": "50%", "p25": "25%", "p50": "50%", "p75": "75%", "stdev": "std"}
# Two decimals of rounding, and sample or population std, are both fine.
TOLERANCE = 0.011


def describe(values) -> dict:
    quartiles = statistics.quantiles(values, n=4, method="inclusive")
    return {
        "count": len(values),
        "mean": statistics.mean(values),
        "std": statistics.stdev(values),
        "min": min(values),
        "25%": quartiles[0],
        "50%": quartiles[1],
        "75%": quartiles[2],
        "max": max(values),
    }


def read_summary(path="summary.txt") -> dict:
    """{stat: (height, weight)} for every line that names a statistic and has two numbers."""
    found = {}
    with open(path, encoding="utf-8") as summary:
        for line in summary:
            fields = [f for f in re.split(r"[\s,]+", line.strip()) if f]
            if len(fields) < 3:
                continue
            name = ALIASES.get(fields[0].lower(), fields[0].lower())
            try:
                found[name] = (float(fields[1]), float(fields[2]))
            except ValueError:
                continue
    return found


def main(argv=None) -> int:
    """Check summary.txt against people.csv in the current directory."""
    del argv
    with open("people.csv", encoding="utf-8") as people:
        rows = list(csv.DictReader(people))
    columns = (
        ("height_in", describe([float(row["height_in"]) for row in rows])),
        ("weight_lb", describe([float(row["weight_lb"]) for row in rows])),
    )
    found = read_summary()
    step("summary.txt has a line for each of " + ", ".join(STATS))
    missing = [name for name in STATS if name not in found]
    if missing:
        return fail(
            f"summary.txt: no line for {', '.join(missing)}",
            "(each line: the statistic's name, then its height and weight values)",
        )
    step("every value matches people.csv, to 2 decimals (height first, then weight)")
    for name in STATS:
        for index, (column, expected) in enumerate(columns):
            got = found[name][index]
            if abs(got - expected[name]) > TOLERANCE:
                return fail(
                    f"summary.txt: {name} of {column} is {got:g}, not what people.csv gives"
                )
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
