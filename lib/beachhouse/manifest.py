"""The no-change fast path: prove nothing drifted without starting Ansible.

After a successful full run, the manifest records a hash of every input (the kit's own
files, the validated config, the platform facts, the tool venv's lock) and of every
output the kit manages. A later run whose inputs hash the same and whose outputs are
byte-for-byte as recorded has nothing to do; anything else runs the playbooks.

It also records what `beachhouse status` and `beachhouse apply` need to answer without
bootstrap.sh: each kit file's hash (with its stat, so an unchanged file is not read
again), the config file used, and the environment bootstrap.sh's detection read.
Standard library only: `status` must answer in a few milliseconds.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import sys

# Only what `status` needs is imported here; json, re and typing alone would cost it
# tens of milliseconds, so the record is also kept in marshal's format (FAST).
MANIFEST = "manifest.json"
FAST = "manifest.marshal"
INSTALLED = "installed.json"
VERSION = 2
# The parts of the kit whose content decides what a run writes; a fork adds the last two.
KIT_INPUTS = (
    "bootstrap.sh",
    "playbooks",
    "dotfiles",
    "lib",
    "scripts",
    "template",
    "requirements",
    "home",
    "beachhouse.yml",
)
SKIPPED_DIRS = {"__pycache__", ".pytest_cache", ".venv"}
# The functions of bootstrap.sh whose reads of the environment decide the facts.
FACT_FUNCTIONS = ("parse_args", "set_paths", "detect_platform")


def sha256_file(path: str) -> str:
    with open(path, "rb") as handle:
        return hashlib.sha256(handle.read()).hexdigest()


def _kit_paths(kit: str):
    for name in KIT_INPUTS:
        top = os.path.join(kit, name)
        if os.path.isfile(top):
            yield top
        for root, dirs, files in os.walk(top):
            dirs[:] = sorted(d for d in dirs if d not in SKIPPED_DIRS)
            for name_ in sorted(files):
                if not name_.endswith(".pyc"):
                    yield os.path.join(root, name_)


def kit_files(kit: str, cache: dict | None = None) -> dict[str, list]:
    """Each kit input file as relative path -> [size, mtime, ctime, inode, x, sha256].

    A file whose stat matches *cache* keeps its recorded hash without being read.
    """
    cache = cache or {}
    files = {}
    for path in _kit_paths(kit):
        info = os.stat(path)
        relative = os.path.relpath(path, kit)
        stamp = [info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino]
        stamp.append("x" if info.st_mode & 0o111 else "-")
        known = cache.get(relative)
        files[relative] = stamp + [known[5] if known and known[:5] == stamp else sha256_file(path)]
    return files


def kit_hash(files: dict[str, list]) -> str:
    """One hash over the kit's input files: names, executable bits and contents."""
    digest = hashlib.sha256()
    for relative, stamp in sorted(files.items()):
        digest.update(f"{relative}\0{stamp[4]}{stamp[5]}\n".encode())
    return digest.hexdigest()


def extra_hash(paths: list[str]) -> str:
    """One hash over the run's other inputs (config.json, facts.json, the venv's lock)."""
    digest = hashlib.sha256()
    for path in paths:
        digest.update(os.path.basename(path).encode() + b"\0" + sha256_file(path).encode())
    return digest.hexdigest()


def output_state(path: str, kind: str) -> str | None:
    """What a managed path holds now: a content hash, a link target, or None if gone."""
    try:
        if kind == "link":
            return os.readlink(path)
        if kind == "venv":
            return (
                "ok" if os.path.exists(os.path.realpath(os.path.join(path, "bin/python"))) else None
            )
        return sha256_file(os.path.realpath(path))
    except OSError:
        return None


def load_installed(state_dir: str) -> dict:
    """The home module's record of what it manages ({} entries when there is none)."""
    import json  # pylint: disable=import-outside-toplevel # see the imports above

    try:
        with open(os.path.join(state_dir, INSTALLED), encoding="utf-8") as handle:
            return json.load(handle)
    except (OSError, ValueError):
        return {"entries": {}}


def managed_outputs(state_dir: str, config: dict, stats: dict | None = None) -> dict[str, list]:
    """Every output the last run manages: the home module's record, plus the named venvs.
    With *stats*, each file's stat goes there, taken before its bytes are hashed."""
    installed = load_installed(state_dir)
    outputs = {path: entry["kind"] for path, entry in installed["entries"].items()}
    from . import schema  # pylint: disable=import-outside-toplevel # a write only, not status

    config = {**schema.role_defaults(schema.load()), **config}
    venvs_dir = os.path.expanduser(config["venvs_dir"])
    for env in config["venvs_envs"] if config["venvs_enabled"] else []:
        outputs[os.path.join(venvs_dir, env["name"])] = "venv"
    result = {}
    for path, kind in sorted(outputs.items()):
        if stats is not None and kind in ("file", "block"):
            stats[path] = output_stat(path)
        result[path] = [kind, output_state(path, kind)]
    return result


def kit_version(kit: str) -> str:
    """The version bootstrap.sh declares (BEACHHOUSE_VERSION="…")."""
    import re  # pylint: disable=import-outside-toplevel # see the imports above

    try:
        with open(os.path.join(kit, "bootstrap.sh"), encoding="utf-8") as handle:
            found = re.search(r'^BEACHHOUSE_VERSION="([^"]+)"', handle.read(), re.M)
    except OSError:
        return ""
    return found.group(1) if found else ""


def block_hashes(kit: str, state_dir: str) -> dict[str, str]:
    """The hash of the kit's block in each rc file, so `status` tells the user's own
    edits around it from edits to the block itself."""
    # pylint: disable-next=import-outside-toplevel # a write only: status needs it rarely
    from beachhouse.command.homelib import home_module

    split = home_module(kit).split_block
    hashes = {}
    for path, entry in load_installed(state_dir)["entries"].items():
        if entry["kind"] == "block":
            hashes[path] = block_hash(split, path, entry.get("comment", "#"))
    return hashes


def block_hash(split, path: str, comment: str) -> str | None:
    """The sha256 of the kit's block in *path* (None when there is none)."""
    try:
        with open(os.path.realpath(path), "rb") as handle:
            text = handle.read().decode("utf-8", errors="surrogateescape")
    except OSError:
        return None
    parts = split(text, comment)
    if parts is None:
        return None
    return hashlib.sha256(parts[1].encode("utf-8", errors="surrogateescape")).hexdigest()


# -- what bootstrap.sh read to compute the facts -----------------------------------------------
def fact_sources(kit: str) -> tuple[list[str], list[str]]:
    """The variables and $HOME paths that bootstrap.sh's detection reads, from its own text."""
    import re  # pylint: disable=import-outside-toplevel # see the imports above

    with open(os.path.join(kit, "bootstrap.sh"), encoding="utf-8") as handle:
        text = handle.read()
    names: set[str] = set()
    paths: set[str] = set()
    for function in FACT_FUNCTIONS:
        body = re.search(rf"^{function}\(\) \{{\n(.*?)^\}}", text, re.M | re.S)
        if body:
            names.update(re.findall(r"\$\{([A-Z_][A-Z0-9_]*)", body.group(1)))
            paths.update(re.findall(r'-[de] "\$HOME/([^"$]+)"', body.group(1)))
    return sorted(names | {"HOME"}), sorted(paths)


def fingerprint(names: list[str], paths: list[str], config_file: str, venv: str) -> dict:
    """What must be as it was for the recorded facts, config and tool venv to still hold."""
    home = os.environ.get("HOME", "")
    lock = os.path.join(venv, ".beachhouse-lock")
    try:
        with open(lock, encoding="utf-8") as handle:
            lock_text = handle.read()
    except OSError:
        lock_text = None
    config_hash = sha256_file(config_file) if config_file and os.path.isfile(config_file) else ""
    return {
        "env": {name: os.environ.get(name) for name in names},
        "paths": {path: os.path.exists(os.path.join(home, path)) for path in paths},
        "sysname": os.uname().sysname,
        "config": [config_file, config_hash],
        "lock": lock_text,
    }


# -- reading and writing the record -------------------------------------------------------------
def load(state_dir: str) -> dict | None:
    """The recorded manifest, or None when there is none this version can read."""
    try:
        with open(os.path.join(state_dir, FAST), "rb") as handle:
            recorded = marshal.load(handle)
    except (OSError, ValueError, EOFError, TypeError):
        return None
    if not isinstance(recorded, dict):
        return None
    return recorded if recorded.get("version") == VERSION else None


def output_stat(path: str) -> list | None:
    """A file output's stat: while it is unchanged (ctime included, which no one can set
    back), so are its bytes, and they need not be read again."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return [info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino]


def drifted_outputs(recorded: dict):
    """Each managed output no longer as recorded: (path, kind, what it holds now)."""
    stats = recorded.get("output_stats", {})
    for path, (kind, value) in recorded["outputs"].items():
        known = stats.get(path)
        if known is not None and value is not None and output_stat(path) == known:
            continue
        now = output_state(path, kind)
        if now != value:
            yield path, kind, now


def check(kit: str, state_dir: str, inputs: list[str]) -> bool:
    """True when the recorded manifest still describes this home exactly."""
    recorded = load(state_dir)
    if recorded is None or recorded.get("kit") != kit:
        return False
    if recorded["extra_hash"] != extra_hash(inputs):
        return False
    if recorded["kit_hash"] != kit_hash(kit_files(kit, recorded["kit_files"])):
        return False
    return next(drifted_outputs(recorded), None) is None


def write(kit: str, state_dir: str, inputs: list[str], config_file: str = "") -> dict:
    """Record the inputs and outputs of the run that just succeeded, and its generation."""
    import json  # pylint: disable=import-outside-toplevel # see the imports above
    import time  # pylint: disable=import-outside-toplevel

    with open(inputs[0], encoding="utf-8") as handle:
        config = json.load(handle)
    previous = load(state_dir) or {}
    files = kit_files(kit, previous.get("kit_files") if previous.get("kit") == kit else None)
    names, paths = fact_sources(kit)
    venv = os.path.dirname(inputs[2]) if len(inputs) > 2 else ""
    config_file = config_file if os.path.isfile(config_file) else ""
    manifest = {
        "version": VERSION,
        "kit": kit,
        "kit_files": files,
        "kit_hash": kit_hash(files),
        "extra_hash": extra_hash(inputs),
        "fact_names": names,
        "fact_paths": paths,
        "fingerprint": fingerprint(names, paths, config_file, venv),
        "lock_file": inputs[2] if len(inputs) > 2 else "",
        "kit_version": kit_version(kit),
        "blocks": block_hashes(kit, state_dir),
        "applied": time.strftime("%Y-%m-%d %H:%M:%S"),
        "output_stats": {},
    }
    manifest["outputs"] = managed_outputs(state_dir, config, manifest["output_stats"])
    save(state_dir, manifest)
    # Generations build on this module: imported by name, where a write needs them.
    __import__("beachhouse.command.generations", fromlist=["record"]).record(
        state_dir, kit, config_file, inputs
    )
    return manifest


def save_json(path: str, data: dict) -> None:
    """Write *data* as JSON through a private temp file and a rename."""
    import json  # pylint: disable=import-outside-toplevel # see the imports above
    import tempfile  # pylint: disable=import-outside-toplevel

    handle, temp = tempfile.mkstemp(dir=os.path.dirname(path), prefix=".manifest-")
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        json.dump(data, out, indent=1, sort_keys=True)
    os.replace(temp, path)


def save(state_dir: str, manifest: dict) -> None:
    """Record *manifest* in both forms: JSON for people, marshal for `status`."""
    for stale in os.listdir(state_dir):  # a write killed half-way: no other run is live
        if stale.startswith(".manifest-"):
            os.unlink(os.path.join(state_dir, stale))
    save_json(os.path.join(state_dir, MANIFEST), manifest)
    temp = os.path.join(state_dir, f".manifest-{os.getpid()}.marshal")
    with open(temp, "wb") as out:
        marshal.dump(manifest, out)
    os.replace(temp, os.path.join(state_dir, FAST))


def main(argv: list[str] | None = None) -> int:
    """`manifest check` exits 0 when nothing drifted; `manifest write` records a run."""
    # pylint: disable-next=import-outside-toplevel # argparse costs the check milliseconds
    import argparse

    parser = argparse.ArgumentParser(
        prog="beachhouse manifest", description=__doc__.split("\n", maxsplit=1)[0]
    )
    parser.add_argument("action", choices=["check", "write"])
    parser.add_argument("--kit", required=True)
    parser.add_argument("--state-dir", required=True)
    parser.add_argument("--inputs", nargs="+", required=True, help="config.json first")
    parser.add_argument("--config-file", default="", help="the config.yml the run used")
    args = parser.parse_args(argv)
    kit = os.path.realpath(args.kit)
    if args.action == "check":
        return 0 if check(kit, args.state_dir, args.inputs) else 1
    write(kit, args.state_dir, args.inputs, args.config_file)
    return 0


if __name__ == "__main__":
    sys.exit(main())
