#!/usr/bin/env python3
"""Start-up time the kit's dotfiles add to bash, zsh and vim, as hyperfine medians.

Each shell starts twice over: in a HOME with the stock dotfiles (Debian's skel
.bashrc, an empty .zshrc) and in the same HOME with the kit installed the way the
engine installs it, with the four cloud CLIs on PATH (kubectl and gcloud as installed
here, stand-ins for the others), up to its first prompt. The budgets are issue 9's.
Then the same for every home layout of tests/homes/ (issue 9's corpus).
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Optional

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
# pylint: disable-next=wrong-import-position,import-error # tests/ joins sys.path just above
from harness import KIT  # noqa: E402

DOTFILES = KIT / "dotfiles"
LAYOUTS = KIT / "tests" / "homes"
sys.path.insert(0, str(KIT / "playbooks" / "module_utils"))
import beachhouse_home  # noqa: E402  pylint: disable=import-error,wrong-import-position

SKEL_BASHRC = Path("/etc/skel/.bashrc")
# Added milliseconds allowed over the stock start, per measurement.
BUDGET_MS = {"bash": 5.0, "zsh": 10.0, "vim": 20.0}
# Up to the first prompt: its hooks are where the kit settles the prompt and aliases.
FIRST_PROMPT = {
    "bash": 'bash -i -c \'for c in ${PROMPT_COMMAND[@]+"${PROMPT_COMMAND[@]}"}; do'
    ' eval "$c"; done\'',
    "zsh": """zsh -i -c 'for f in ${precmd_functions[@]}; do $f; done'""",
}
CLI_STAND_INS = ("kubectl", "gcloud", "aws", "aws_completer", "az")
# Variables a developer's own session may carry that would change what starts.
LEAKY_VARS = {"PROMPT_COMMAND", "HISTFILE", "VIRTUAL_ENV", "ZDOTDIR", "BASH_ENV", "ENV", "TMUX"}
OHMYZSH_NOTE = (
    "oh-my-zsh is not measured: it installs from GitHub, which this machine cannot reach. "
    "It is off by default (shell.ohmyzsh in config.yml); its default setup is commonly "
    "reported to add well over 100 ms to every zsh start."
)


def sh_quote(value: str) -> str:
    return "'" + value.replace("'", "'\\''") + "'"


def stock_home(home: Path) -> Path:
    """A HOME as a cloud shell ships it: Debian's skel .bashrc, an empty .zshrc."""
    home.mkdir(parents=True)
    if SKEL_BASHRC.exists():
        shutil.copy(SKEL_BASHRC, home / ".bashrc")
    else:
        (home / ".bashrc").write_text("", encoding="utf-8")
    # An empty file: without one, zsh-newuser-install would run instead.
    (home / ".zshrc").write_text("", encoding="utf-8")
    return home


def kit_home(home: Path, stock=stock_home) -> Path:
    """The stock HOME with the kit's files and blocks, laid out as the engine does: the
    blocks by the home module itself, at the top of each rc file."""
    stock(home)
    config = home / ".config" / "beachhouse"
    shutil.copytree(DOTFILES / "shell", config / "shell")
    (config / "shell" / "config.sh").write_text(
        "BEACHHOUSE_PLATFORM='linux'\nBEACHHOUSE_HISTORY_SIZE=100000\n"
        "BEACHHOUSE_OHMYZSH=0\nBEACHHOUSE_COMPLETIONS=1\n",
        encoding="utf-8",
    )
    (config / "shell" / "venvs.sh").write_text(
        f"BEACHHOUSE_VENVS_DIR={sh_quote(str(home / '.venvs'))}\n", encoding="utf-8"
    )
    (config / "shell" / "projects.sh").write_text(
        f"beachhouse_project demo {sh_quote(str(home / 'src/demo'))} 'demo'\n", encoding="utf-8"
    )
    specs = []
    for rc, init in ((".bashrc", "init.bash"), (".zshrc", "init.zsh")):
        path = sh_quote(str(config / "shell" / init))
        line = f'if [ -z "${{_beachhouse_loaded:-}}" ] && [ -r {path} ]; then . {path}; fi\n'
        specs.append({"path": f"~/{rc}", "position": "top", "block": line, "zdotdir": True})
    (config / "vim").mkdir()
    shutil.copy(DOTFILES / "vim" / "vimrc", config / "vim" / "vimrc")
    vimrc = json.dumps(str(config / "vim" / "vimrc"))
    specs.append(
        {
            "path": "~/.vimrc",
            "comment": '"',
            "position": "top",
            "block": f"if filereadable({vimrc}) | execute 'source' fnameescape({vimrc}) | endif\n",
        }
    )
    old_home = os.environ.get("HOME")
    os.environ["HOME"] = str(home)
    try:
        beachhouse_home.Home(str(home / ".local/state/beachhouse")).apply(specs)
    finally:
        os.environ["HOME"] = old_home or ""
    return home


def layout_home(home: Path, name: str) -> Path:
    """A HOME laid out as one of the test corpus's layouts (tests/homes/NAME.yml)."""
    import yaml  # pylint: disable=import-outside-toplevel # only the per-layout figures need it

    spec = yaml.safe_load((LAYOUTS / f"{name}.yml").read_text(encoding="utf-8")) or {}
    if not spec.get("files") and not spec.get("links"):
        return stock_home(home)
    home.mkdir(parents=True)
    outside = home.parent / f"{home.name}-outside"
    for relative, value in (spec.get("files") or {}).items():
        value = value if isinstance(value, dict) else {"text": value}
        path = outside / relative[9:] if relative.startswith("@outside/") else home / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        data = value["latin1"].encode("latin-1") if "latin1" in value else value["text"].encode()
        path.write_bytes(data)
    for relative, target in (spec.get("links") or {}).items():
        path = home / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.is_file() or path.is_symlink():
            path.unlink()
        path.symlink_to(str(outside / target[9:]) if target.startswith("@outside/") else target)
    return home


def cli_stand_ins(folder: Path) -> Path:
    """kubectl and gcloud where they are installed, stand-ins for the other cloud CLIs."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in CLI_STAND_INS:
        if not shutil.which(name):
            (folder / name).write_text("#!/bin/sh\nexit 0\n", encoding="utf-8")
            (folder / name).chmod(0o755)
    return folder


def hyperfine_median(command: str, home: Path, runs: int, out: Path) -> tuple:
    """Median wall time and mean CPU time (user + system) of command, in milliseconds,
    with HOME pointing at home. CPU time barely moves when other jobs load the
    machine; wall time does."""
    env = {k: v for k, v in os.environ.items() if k not in LEAKY_VARS}
    env.update(HOME=str(home), TERM="xterm-256color")
    env["PATH"] = f"{cli_stand_ins(home.parent / 'clis')}:{env.get('PATH', '')}"
    # Its stderr holds warnings about outliers on a busy machine: the median copes.
    result = subprocess.run(
        ["hyperfine", "--shell=none", "--ignore-failure", "--warmup", "3", "--runs", str(runs)]
        + ["--style", "none", "--export-json", str(out), command],
        env=env,
        cwd=home,
        check=False,
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise RuntimeError(f"hyperfine failed on {command!r}: {result.stderr.strip()}")
    result = json.loads(out.read_text(encoding="utf-8"))["results"][0]
    return result["median"] * 1000, (result["user"] + result["system"]) * 1000


def measure(workdir: Path, runs: int) -> list:
    """Rows of (what, stock (wall, cpu), kit (wall, cpu), budget) for bash, zsh and vim,
    all in milliseconds."""
    stock = stock_home(workdir / "stock")
    kit = kit_home(workdir / "kit")
    rows = []
    for shell in ("bash", "zsh"):
        command = FIRST_PROMPT[shell]
        rows.append(
            (
                f"`{shell} -i` to its first prompt",
                hyperfine_median(command, stock, runs, workdir / f"{shell}-stock.json"),
                hyperfine_median(command, kit, runs, workdir / f"{shell}-kit.json"),
                BUDGET_MS[shell],
            )
        )
    # vim -es reads no vimrc unless -u names one.
    rows.append(
        (
            "`vim -es -N -u ~/.vimrc -c qa` over `vim -Nu NONE -es -c qa`",
            hyperfine_median("vim -Nu NONE -es -c qa", stock, runs, workdir / "vim-stock.json"),
            hyperfine_median(
                f"vim -es -N -u {kit}/.vimrc -c qa", kit, runs, workdir / "vim-kit.json"
            ),
            BUDGET_MS["vim"],
        )
    )
    return rows


def measure_layouts(workdir: Path, runs: int) -> list:
    """Per layout of the corpus: (name, bash added wall and CPU ms, zsh added wall and CPU
    ms): median wall time, mean user + system time."""
    rows = []
    for name in sorted(path.stem for path in LAYOUTS.glob("*.yml")):
        stock = layout_home(workdir / f"{name}-stock", name)
        kit = kit_home(workdir / f"{name}-kit", lambda home, n=name: layout_home(home, n))
        added = []
        for shell in ("bash", "zsh"):
            out = workdir / f"{name}-{shell}.json"
            before = hyperfine_median(FIRST_PROMPT[shell], stock, runs, out)
            after = hyperfine_median(FIRST_PROMPT[shell], kit, runs, out)
            added.append((after[0] - before[0], after[1] - before[1]))
        rows.append((name, *added))
    return rows


def render_layouts(rows: list) -> str:
    lines = [
        "| Layout (tests/homes) | bash added (ms) | bash added CPU (ms) | zsh added (ms) "
        "| zsh added CPU (ms) |",
        "|---|---:|---:|---:|---:|",
    ]
    lines += [
        f"| {name} | {bash[0]:+.1f} | {bash[1]:+.1f} | {zsh[0]:+.1f} | {zsh[1]:+.1f} |"
        for name, bash, zsh in rows
    ]
    return "\n".join(lines) + "\n"


def render(rows: list) -> str:
    """A markdown table of the rows, and the note on oh-my-zsh."""
    lines = [
        "| Start-up (medians) | stock (ms) | with the kit (ms) | added (ms) | budget (ms) "
        "| within | added CPU (ms) |",
        "|---|---:|---:|---:|---:|---|---:|",
    ]
    for what, stock, kit, budget in rows:
        added = kit[0] - stock[0]
        lines.append(
            f"| {what} | {stock[0]:.1f} | {kit[0]:.1f} | {added:+.1f} | +{budget:.0f} | "
            f"{'yes' if added <= budget else 'NO'} | {kit[1] - stock[1]:+.1f} |"
        )
    lines.append("")
    lines.append(
        "Added CPU is user + system time (means): it stays put when other jobs load the "
        "machine, while wall time does not."
    )
    return "\n".join(lines) + f"\n\n{OHMYZSH_NOTE}\n"


def main(argv: Optional[list] = None) -> int:
    """Print the table; exit 1 when a start-up is over its budget."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30, help="runs per command (default 30)")
    parser.add_argument(
        "--layout-runs", type=int, default=10, help="runs per command per layout (default 10)"
    )
    args = parser.parse_args(argv)
    missing = [tool for tool in ("hyperfine", "bash", "zsh", "vim") if not shutil.which(tool)]
    if missing:
        print(
            f"startup_bench: {', '.join(missing)} not found; install it and retry", file=sys.stderr
        )
        return 2
    with tempfile.TemporaryDirectory(prefix="bh-bench-") as workdir:
        rows = measure(Path(workdir), args.runs)
        layouts = []
        if args.layout_runs:
            layouts = measure_layouts(Path(workdir) / "layouts", args.layout_runs)
    print(render(rows), end="")
    if layouts:
        print("\nPer home layout of the test corpus (medians, to the first prompt):\n")
        print(render_layouts(layouts), end="")
    return 0 if all(kit[0] - stock[0] <= budget for _, stock, kit, budget in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
