"""`python -m beachhouse config|manifest …`: the commands bootstrap.sh calls."""

import importlib
import sys

COMMANDS = ("config", "manifest")


def main() -> int:
    """Dispatch to the named command, importing only its module (jsonschema is slow)."""
    if len(sys.argv) < 2 or sys.argv[1] not in COMMANDS:
        print(f"usage: python -m beachhouse {{{','.join(COMMANDS)}}} ...", file=sys.stderr)
        return 2
    return importlib.import_module(f"beachhouse.{sys.argv[1]}").main(sys.argv[2:])


if __name__ == "__main__":
    sys.exit(main())
