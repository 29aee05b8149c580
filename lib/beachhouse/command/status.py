"""`beachhouse status`: what changed since the last apply, without starting Ansible.

It reads the manifest the last apply wrote and compares: the config file the next run
would read, the kit's files (a fork's beachhouse.yml and home/ among them), what
bootstrap.sh's platform detection reads, the tool venv, and every managed output. The
same comparison, stopped at the first difference, is `beachhouse apply`'s fast path.
"""

from __future__ import annotations

import os

from beachhouse import manifest
from beachhouse.command import paths

# No typing, json or re here (see manifest.py): each change is a (subject, message) pair.


def Change(subject: str, message: str) -> tuple:  # pylint: disable=invalid-name
    """One difference from the last apply, as a line the user reads."""
    return subject, message


def _config_changes(recorded: dict, kit):
    source, origin = paths.find_config(kit)
    was_file, was_hash = recorded["fingerprint"]["config"]
    now_file = source
    if now_file != was_file:
        now = paths.tilde(now_file) if now_file else "none (the defaults)"
        was = paths.tilde(was_file) if was_file else "none (the defaults)"
        yield Change("config", f"the config is now {now} ({origin}); the last apply read {was}")
    elif now_file and manifest.sha256_file(now_file) != was_hash:
        yield Change("config", f"{paths.tilde(now_file)} changed")


def _kit_changes(recorded: dict, files: dict):
    before = {rel: stamp[5] for rel, stamp in recorded["kit_files"].items()}
    now = {rel: stamp[5] for rel, stamp in files.items()}
    changed = sorted(rel for rel in before.keys() | now.keys() if before.get(rel) != now.get(rel))
    kit_own = []
    for relative in changed:
        state = "added" if relative not in before else "removed" if relative not in now else None
        if relative.startswith(paths.FORK_HOME + "/"):
            target = "~/" + relative[len(paths.FORK_HOME) + 1 :]
            verb = {"removed": "apply takes it out of the home"}.get(
                state, f"apply writes {target}"
            )
            yield Change("fork", f"{relative} {state or 'changed'}: {verb}")
        elif relative != paths.FORK_CONFIG:  # reported as the config, when it is the config
            kit_own.append(relative)
    if kit_own:
        version = manifest.kit_version(recorded["kit"])
        moved = recorded.get("kit_version") != version
        what = f"version {recorded.get('kit_version')} -> {version}, " if moved else ""
        names = ", ".join(kit_own[:3]) + (
            f" and {len(kit_own) - 3} more" if len(kit_own) > 3 else ""
        )
        yield Change("kit", f"{what}{len(kit_own)} file(s) changed: {names}")


def _environment_changes(recorded: dict):
    names, fact_paths = recorded["fact_names"], recorded["fact_paths"]
    now = manifest.fingerprint(names, fact_paths, "", paths.tool_venv())
    was = recorded["fingerprint"]
    moved = [n for n in names if now["env"].get(n) != was["env"].get(n)]
    moved += [f"~/{p}" for p in fact_paths if now["paths"].get(p) != was["paths"].get(p)]
    if now["sysname"] != was["sysname"]:
        moved.append("the operating system")
    if moved:
        yield Change("platform", f"what detection reads changed: {', '.join(moved)}")
    python = os.path.join(paths.tool_venv(), "bin", "python")
    if now["lock"] != was["lock"] or not os.path.exists(os.path.realpath(python)):
        yield Change("tool venv", "changed or gone since the last apply; apply rebuilds it")


def _output_changes(recorded: dict):
    split = None
    for path, kind, now in manifest.drifted_outputs(recorded):
        shown = paths.tilde(path)
        if now is None:
            yield Change(shown, "gone; apply puts it back")
        elif kind == "venv":
            yield Change(shown, "its Python vanished; apply rebuilds it")
        elif kind == "link":
            yield Change(shown, f"now points to {now}; apply points it back")
        elif kind == "block":
            if split is None:
                split = _home_module(recorded["kit"]).split_block
            was = recorded.get("blocks", {}).get(path)
            if was is not None and manifest.block_hash(split, path, _comment(path)) == was:
                yield Change(shown, "your own lines changed (the kit's block is as it was)")
            else:
                yield Change(shown, "the kit's block was edited by hand; apply restores it")
        else:
            yield Change(shown, "edited by hand; apply puts the kit's back (see beachhouse diff)")


def _home_module(kit: str):
    # pylint: disable-next=import-outside-toplevel # only when an rc file changed
    from beachhouse.command.homelib import home_module

    return home_module(kit)


def _comment(path: str) -> str:
    entry = manifest.load_installed(paths.state_dir())["entries"].get(path, {})
    return entry.get("comment", "#")


def changes(recorded: dict | None, kit: str = paths.KIT):
    """Every difference between this home and the last apply, inputs first."""
    if recorded is None:
        yield Change("home", "no apply recorded yet; run beachhouse apply")
        return
    if recorded["kit"] != kit:
        yield Change("kit", f"now at {kit}; the last apply ran the kit at {recorded['kit']}")
        return
    yield from _config_changes(recorded, kit)
    files = manifest.kit_files(kit, recorded["kit_files"])
    yield from _kit_changes(recorded, files)
    yield from _environment_changes(recorded)
    yield from _output_changes(recorded)


def main(argv: list[str]) -> int:
    """Print each change since the last apply; exit 0 when there is none, 1 otherwise."""
    del argv
    recorded = manifest.load(paths.state_dir())
    found = list(changes(recorded))
    for subject, message in found:
        print(f"{subject}: {message}")
    if found:
        print("run `beachhouse apply` to bring the home up to date (`beachhouse diff` shows how)")
        return 1
    print(f"beachhouse: up to date (last apply {recorded['applied']})")
    return 0
