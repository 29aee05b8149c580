"""`make bench`: run every figure script and write bench/RESULTS.md with the date and machine.

Each script prints a markdown table and exits 1 when a figure misses its target; this
runs them one after another (they time whole processes, so never in parallel).
"""

from __future__ import annotations

import datetime
import os
import platform
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SECTIONS = [
    ("Bootstrap (issue: Foundation)", "bootstrap_bench.py"),
    ("Shell environment: apply times", "shell_bench.py"),
    ("Shell environment: start-up cost", "startup_bench.py"),
    ("Project template", "template_bench.py"),
    ("Bash lessons: `learn check`", "lessons_bench.py"),
    ("Fleet mode", "fleet_bench.py"),
    ("The beachhouse command", "command_bench.py"),
]


def machine() -> str:
    """One line naming the machine the figures were measured on."""
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    system = f"{platform.system()} {platform.release()}"
    return f"{system}, {os.cpu_count()} cores ({cpu}), Python {platform.python_version()}"


def main(argv: list | None = None) -> int:
    """Run the sections named in *argv* (all by default) and write RESULTS.md."""
    wanted = set(argv if argv is not None else sys.argv[1:])
    lines = [
        "# beachhouse figures",
        "",
        f"Measured {datetime.date.today().isoformat()} on {machine()}.",
        "Whole-process wall times, medians of several runs. Regenerate with `make bench`.",
        "",
    ]
    failed = []
    for title, script in SECTIONS:
        if wanted and script.split("_", maxsplit=1)[0] not in wanted:
            continue
        print(f"== {title} ({script})", flush=True)
        result = subprocess.run(
            [sys.executable, str(HERE / script)], capture_output=True, text=True, check=False
        )
        print(result.stdout, result.stderr[-2000:], sep="\n", flush=True)
        lines += [f"## {title}", "", result.stdout.strip() or "(no output)", ""]
        if result.returncode != 0:
            failed.append(script)
            lines += [f"**{script} exited {result.returncode}: a figure missed its target.**", ""]
    (HERE / "RESULTS.md").write_text("\n".join(lines), encoding="utf-8")
    print(f"wrote {HERE / 'RESULTS.md'}" + (f"; missed targets in {failed}" if failed else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
