"""`python -m beachhouse config|manifest …`: the commands bootstrap.sh calls."""

import sys

from beachhouse import config, manifest


def main() -> int:
    """Dispatch to the named command."""
    commands = {"config": config.main, "manifest": manifest.main}
    if len(sys.argv) < 2 or sys.argv[1] not in commands:
        print(f"usage: python -m beachhouse {{{','.join(commands)}}} ...", file=sys.stderr)
        return 2
    return commands[sys.argv[1]](sys.argv[2:])


if __name__ == "__main__":
    sys.exit(main())
