"""The `{{ cookiecutter.project_slug }}` command: summarize the numbers given to it."""

from __future__ import annotations

import argparse
import sys

from . import __version__
from .core import summarize


def build_parser() -> argparse.ArgumentParser:
    """The command line: numbers in, and the usual --help and --version."""
    parser = argparse.ArgumentParser(
        prog="{{ cookiecutter.project_slug }}",
        description="Print the count, mean, minimum and maximum of some numbers.",
    )
    parser.add_argument("numbers", nargs="+", type=float, metavar="NUMBER", help="a number")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command; returns the exit status (1 when the numbers cannot be summarized)."""
    args = build_parser().parse_args(argv)
    try:
        summary = summarize(args.numbers)
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(
        f"count={summary.count} mean={summary.mean:g}"
        f" min={summary.minimum:g} max={summary.maximum:g}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
