"""The no-change fast path: prove nothing drifted without starting Ansible.

After a successful full run, the manifest records a hash of every input (the kit's own
files, the validated config, the platform facts, the tool venv's lock) and of every
output the kit manages. A later run whose inputs hash the same and whose outputs are
byte-for-byte as recorded has nothing to do; anything else runs the playbooks.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Optional

from . import schema

MANIFEST = "manifest.json"
INSTALLED = "installed.json"
# The parts of the kit whose content decides what a run writes.
KIT_INPUTS = ("bootstrap.sh", "playbooks", "dotfiles", "lib", "scripts", "template", "requirements")
SKIPPED_DIRS = {"__pycache__", ".pytest_cache", ".venv"}


def _hash_file(digest, path: Path) -> None:
    with open(path, "rb") as handle:
        digest.update(hashlib.sha256(handle.read()).digest())


def inputs_hash(kit: Path, extra: list[Path]) -> str:
    """One hash over the kit's input files (names and bytes) and the extra input files."""
    digest = hashlib.sha256()
    for name in KIT_INPUTS:
        top = kit / name
        paths = [top] if top.is_file() else []
        for root, dirs, files in os.walk(top):
            dirs[:] = sorted(d for d in dirs if d not in SKIPPED_DIRS)
            paths += [Path(root) / f for f in sorted(files) if not f.endswith(".pyc")]
        for path in paths:
            digest.update(str(path.relative_to(kit)).encode() + b"\0")
            digest.update(b"x" if os.access(path, os.X_OK) else b"-")
            _hash_file(digest, path)
    for path in extra:
        digest.update(str(path.name).encode() + b"\0")
        _hash_file(digest, path)
    return digest.hexdigest()


def output_state(path: str, kind: str) -> Optional[str]:
    """What a managed path holds now: a content hash, a link target, or None if gone."""
    try:
        if kind == "link":
            return os.readlink(path)
        if kind == "venv":
            return (
                "ok" if os.path.exists(os.path.realpath(os.path.join(path, "bin/python"))) else None
            )
        with open(os.path.realpath(path), "rb") as handle:
            return hashlib.sha256(handle.read()).hexdigest()
    except OSError:
        return None


def managed_outputs(state_dir: Path, config: dict) -> dict[str, list]:
    """Every output the last run manages: the home module's record, plus the named venvs."""
    installed = json.loads((state_dir / INSTALLED).read_text(encoding="utf-8"))
    outputs = {path: entry["kind"] for path, entry in installed["entries"].items()}
    config = {**schema.role_defaults(schema.load()), **config}
    venvs_dir = os.path.expanduser(config["venvs_dir"])
    for env in config["venvs_envs"] if config["venvs_enabled"] else []:
        outputs[os.path.join(venvs_dir, env["name"])] = "venv"
    return {path: [kind, output_state(path, kind)] for path, kind in sorted(outputs.items())}


def check(kit: Path, state_dir: Path, inputs: list[Path]) -> bool:
    """True when the recorded manifest still describes this home exactly."""
    try:
        recorded = json.loads((state_dir / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    if recorded.get("inputs") != inputs_hash(kit, inputs):
        return False
    return all(
        output_state(path, kind) == value for path, (kind, value) in recorded["outputs"].items()
    )


def write(kit: Path, state_dir: Path, inputs: list[Path]) -> None:
    """Record the inputs and outputs of the run that just succeeded."""
    config = json.loads(inputs[0].read_text(encoding="utf-8"))
    manifest = {"inputs": inputs_hash(kit, inputs), "outputs": managed_outputs(state_dir, config)}
    handle, temp = tempfile.mkstemp(dir=state_dir, prefix=".manifest-")
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        json.dump(manifest, out, indent=1, sort_keys=True)
    os.replace(temp, state_dir / MANIFEST)


def main(argv: Optional[list[str]] = None) -> int:
    """`manifest check` exits 0 when nothing drifted; `manifest write` records a run."""
    parser = argparse.ArgumentParser(
        prog="beachhouse manifest", description=__doc__.split("\n", maxsplit=1)[0]
    )
    parser.add_argument("action", choices=["check", "write"])
    parser.add_argument("--kit", type=Path, required=True)
    parser.add_argument("--state-dir", type=Path, required=True)
    parser.add_argument("--inputs", type=Path, nargs="+", required=True, help="config.json first")
    args = parser.parse_args(argv)
    if args.action == "check":
        return 0 if check(args.kit, args.state_dir, args.inputs) else 1
    write(args.kit, args.state_dir, args.inputs)
    return 0
