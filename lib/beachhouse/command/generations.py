"""Generations: what each apply left in the home, so that `rollback` can bring it back.

After every successful apply, the manifest's writer calls record(): the contents of each
managed file (into a content-addressed blob store, so ten generations of the same files
cost one copy), each link's target, each rc-file block's body, and the effective config
(the file's text, the validated variables and the facts). The last ten are kept.

rollback() hands a generation back to the home module's own Home class, the code every
apply runs (backups before a first change, the record uninstall reads), with pruning: a
file the newer generation added is taken out as an uninstall would. The config file is
restored too, the one it replaces kept with the backups. Caches the kit owns (the shells'
completion caches) are no generation's content: a rollback leaves them where they are.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import time
from typing import Optional

from beachhouse import manifest
from beachhouse.command.homelib import home_module

DIR = "generations"
BLOBS = "blobs"
CURRENT = "current"
KEEP = 10


def _dir(state_dir: str) -> str:
    return os.path.join(state_dir, DIR)


def _store(state_dir: str, data: bytes) -> str:
    digest = hashlib.sha256(data).hexdigest()
    blob = os.path.join(_dir(state_dir), BLOBS, digest)
    if not os.path.exists(blob):
        temp = f"{blob}.{os.getpid()}.tmp"
        with open(temp, "wb") as out:
            out.write(data)
        os.replace(temp, blob)
    return digest


def blob(state_dir: str, digest: str) -> bytes:
    with open(os.path.join(_dir(state_dir), BLOBS, digest), "rb") as handle:
        return handle.read()


def _plain(item: dict):
    """Ansible's JSON form of an unsafe string ({"__ansible_unsafe": "linux"}) as the string."""
    return item["__ansible_unsafe"] if item.keys() == {"__ansible_unsafe"} else item


def plain_json(text: str):
    """A run's JSON input (facts.json, config.json, a vars file) as plain values: bootstrap.sh
    writes every string of some of them in Ansible's unsafe form, so that none is templated."""
    return json.loads(text, object_hook=_plain)


def _read(path: str) -> Optional[bytes]:
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except OSError:
        return None


def numbers(state_dir: str) -> list[int]:
    """The recorded generations' numbers, oldest first."""
    try:
        names = os.listdir(_dir(state_dir))
    except OSError:
        return []
    return sorted(int(n[:-5]) for n in names if n.endswith(".json") and n[:-5].isdigit())


def load(state_dir: str, number: int) -> dict:
    with open(os.path.join(_dir(state_dir), f"{number}.json"), encoding="utf-8") as handle:
        return json.load(handle)


def current(state_dir: str) -> Optional[int]:
    """The generation the home is at now: the newest, unless a rollback chose another."""
    text = _read(os.path.join(_dir(state_dir), CURRENT))
    found = numbers(state_dir)
    if text and text.strip().isdigit() and int(text) in found:
        return int(text)
    return found[-1] if found else None


def _set_current(state_dir: str, number: int) -> None:
    path = os.path.join(_dir(state_dir), CURRENT)
    with open(f"{path}.tmp", "w", encoding="utf-8") as out:
        out.write(f"{number}\n")
    os.replace(f"{path}.tmp", path)


def snapshot_files(state_dir: str, kit: str) -> dict:
    """Each managed path as a generation records it (file bytes go to the blob store)."""
    home = home_module(kit)
    files = {}
    for path, entry in sorted(manifest.load_installed(state_dir)["entries"].items()):
        kind = entry["kind"]
        if kind == "cache":
            continue  # filled by the shells, not by an apply: no generation's content
        item = {"kind": kind, "role": entry.get("role", "")}
        if kind == "link":
            item["target"] = entry.get("target")
        elif kind == "file":
            data = _read(path)
            if data is None:
                continue
            item["blob"] = _store(state_dir, data)
            item["mode"] = f"{os.stat(path).st_mode & 0o7777:04o}"
        else:
            data = _read(os.path.realpath(path))
            comment = entry.get("comment", "#")
            text = (data or b"").decode("utf-8", errors="surrogateescape")
            if data is None or home.split_block(text, comment) is None:
                continue  # no block there now (the user's own line made it unneeded)
            item.update(
                block=home.block_body(text, comment),
                comment=comment,
                position=entry.get("position", "bottom"),
            )
        files[path] = item
    return files


def record(state_dir: str, kit: str, config_file: str, inputs: list[str]) -> Optional[int]:
    """Record what the apply that just succeeded left; the same as the current one: nothing."""
    os.makedirs(os.path.join(_dir(state_dir), BLOBS), exist_ok=True)
    os.chmod(_dir(state_dir), 0o700)  # copies of the user's files and config
    config_text = _read(config_file) if config_file else None
    recorded = manifest.load(state_dir) or {}
    generation = {
        "files": snapshot_files(state_dir, kit),
        "config_file": config_file if config_text is not None else "",
        "config_text": config_text.decode("utf-8", errors="replace") if config_text else None,
        # The run's inputs as bootstrap.sh wrote them, byte for byte: the fast path hashes them.
        "config_json": (_read(inputs[0]) or b"{}").decode("utf-8"),
        "facts_json": (_read(inputs[1]) or b"{}").decode("utf-8") if len(inputs) > 1 else "{}",
        "kit": kit,
        "kit_hash": recorded.get("kit_hash"),
        "kit_files": {rel: stamp[5] for rel, stamp in recorded.get("kit_files", {}).items()},
    }
    now = current(state_dir)
    if now is not None:
        previous = load(state_dir, now)
        if all(previous.get(key) == value for key, value in generation.items()):
            return None
    number = (numbers(state_dir) or [0])[-1] + 1
    generation["number"] = number
    generation["date"] = time.strftime("%Y-%m-%d %H:%M:%S")
    manifest.save_json(os.path.join(_dir(state_dir), f"{number}.json"), generation)
    _set_current(state_dir, number)
    prune(state_dir)
    return number


def prune(state_dir: str, keep: int = KEEP) -> None:
    """Keep the newest *keep* generations (and the current one), and the blobs they use."""
    found = numbers(state_dir)
    now = current(state_dir)
    for number in found[:-keep]:
        if number != now:
            os.unlink(os.path.join(_dir(state_dir), f"{number}.json"))
    used = set()
    for number in numbers(state_dir):
        used.update(item.get("blob") for item in load(state_dir, number)["files"].values())
    blobs = os.path.join(_dir(state_dir), BLOBS)
    for name in os.listdir(blobs):
        if name not in used:
            os.unlink(os.path.join(blobs, name))


def listing(state_dir: str) -> list[str]:
    """One line per generation, newest first: number, date, file count, config source."""
    now = current(state_dir)
    lines = []
    for number in reversed(numbers(state_dir)):
        generation = load(state_dir, number)
        config = generation["config_file"] or "defaults"
        mark = "*" if number == now else " "
        lines.append(
            f"{mark} {number:>3}  {generation['date']}  {len(generation['files']):>4} files"
            f"  config: {config.replace(os.path.expanduser('~'), '~', 1)}"
        )
    return lines


def specs(state_dir: str, generation: dict) -> list[dict]:
    """The home module's file specs that recreate *generation*."""
    result = []
    for path, item in generation["files"].items():
        spec = {"path": path, "role": item["role"]}
        if item["kind"] == "link":
            spec["link"] = item["target"]
        elif item["kind"] == "file":
            spec["content"] = blob(state_dir, item["blob"]).decode("utf-8")
            spec["mode"] = item["mode"]
        else:
            spec.update(block=item["block"], comment=item["comment"], position=item["position"])
        result.append(spec)
    return result


def restore_config(state_dir: str, generation: dict, home_config: str, stamp: str) -> list[str]:
    """Put the generation's config back in ~/.config/beachhouse/config.yml; keep the one it
    replaces with the backups. Returns what it did, as lines for the user."""
    said = []
    wanted = generation["config_text"]
    from_home = generation["config_file"] == home_config
    now = _read(home_config)
    target = wanted.encode("utf-8") if from_home and wanted is not None else None
    if now == target:
        return said
    if now is not None:
        keep = os.path.join(state_dir, "backups", stamp, "config.yml")
        os.makedirs(os.path.dirname(keep), exist_ok=True)
        shutil.copy2(home_config, keep)
        said.append(f"your config.yml of before the rollback is kept as {keep}")
    if target is None:
        if now is not None:
            os.unlink(home_config)
    else:
        os.makedirs(os.path.dirname(home_config), exist_ok=True)
        with open(f"{home_config}.tmp", "wb") as out:
            out.write(target)
        os.replace(f"{home_config}.tmp", home_config)
    said.append(f"config restored from generation {generation['number']}")
    return said


def rollback(state_dir: str, kit: str, number: int, home_config: str) -> list[str]:
    """Bring the home back to generation *number*; returns the lines to show."""
    generation = load(state_dir, number)
    home = home_module(kit)
    stamp = time.strftime("%Y%m%dT%H%M%S") + "-rollback"
    worker = home.Home(state_dir, stamp=stamp)
    # The kit's caches stay declared, so the pruning leaves them (and their record) alone.
    caches = [
        {"path": path, "role": entry.get("role", ""), "cache": True}
        for path, entry in sorted(manifest.load_installed(state_dir)["entries"].items())
        if entry["kind"] == "cache"
    ]
    results = worker.apply(specs(state_dir, generation) + caches, prune=True)
    lines = [f"{r['action']:<8} {r['path']}" for r in results if r["action"] != "ok"]
    lines += restore_config(state_dir, generation, home_config, stamp)
    _set_current(state_dir, number)
    _rewrite_manifest(state_dir, generation)
    return lines


def _rewrite_manifest(state_dir: str, generation: dict) -> None:
    """The manifest of the generation now in place, so that `status` and the fast path
    compare against it: its config, facts and kit files (a kit changed since shows)."""
    recorded = manifest.load(state_dir)
    if recorded is None:
        return
    recorded["kit_hash"] = generation["kit_hash"]
    for relative, stamp in recorded["kit_files"].items():
        old = generation["kit_files"].get(relative)
        if old is not None and old != stamp[5]:
            stamp[0], stamp[5] = -1, old  # as that generation knew it (and read it again)
    config_file = generation["config_file"]
    text = (generation["config_text"] or "").encode("utf-8")
    recorded["fingerprint"]["config"] = [
        config_file,
        hashlib.sha256(text).hexdigest() if config_file else "",
    ]
    scratch = os.path.join(state_dir, ".rollback-inputs")
    os.makedirs(scratch, exist_ok=True)
    try:
        paths = []
        for name, data in (
            ("config.json", generation["config_json"]),
            ("facts.json", generation["facts_json"]),
        ):
            paths.append(os.path.join(scratch, name))
            with open(paths[-1], "w", encoding="utf-8") as out:
                out.write(data)
        if recorded.get("lock_file"):
            paths.append(recorded["lock_file"])
        recorded["extra_hash"] = manifest.extra_hash(paths)
    finally:
        shutil.rmtree(scratch)
    recorded["output_stats"] = {}
    config = plain_json(generation["config_json"])
    recorded["outputs"] = manifest.managed_outputs(state_dir, config, recorded["output_stats"])
    manifest.save(state_dir, recorded)
