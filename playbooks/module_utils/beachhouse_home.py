"""Bring files under $HOME to a declared state: kit-owned files, links and managed blocks.

The logic behind the ``beachhouse_home`` module, kept free of Ansible so that it can be
tested on its own. Every write goes to a temp file that is renamed into place, so a run
killed at any point leaves either the old or the new file, never half of one. Before the
first change to a file that already existed, a copy goes to the backup folder, and the
state file records it, so that an uninstall can give the original back byte for byte.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import tempfile
import time

try:  # inside Ansible, module_utils are a package; in the tests, a folder on sys.path
    from ansible.module_utils import beachhouse_places as places
except ImportError:  # pragma: no cover - the tests' import
    import beachhouse_places as places

STATE_FILE = "installed.json"
BEGIN = ">>> beachhouse >>>"
END = "<<< beachhouse <<<"
# Temp files are written beside their target, then renamed over it.
TEMP_PREFIX = ".beachhouse-tmp-"


def digest(data):
    """The sha256 of bytes, as hex."""
    return hashlib.sha256(data).hexdigest()


def read_bytes(path):
    """The file's bytes, or None when there is no such file."""
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except FileNotFoundError:
        return None


def markers(comment):
    """The begin and end lines of the kit's block in a file commented with *comment*."""
    return f"{comment} {BEGIN}\n", f"{comment} {END}\n"


def split_block(text, comment):
    """Split *text* into (before, block, after) around the kit's block, or None."""
    begin, end = markers(comment)
    lines = text.splitlines(keepends=True)
    # The first end line after a begin, and the begin line nearest above it: a stray copy
    # of either marker (a user's line, the remains of a block cut by hand) stays the user's.
    first = None
    for index, line in enumerate(lines):
        if line == begin:
            first = index
        elif line == end and first is not None:
            last = index
            break
    else:
        return None
    return "".join(lines[:first]), "".join(lines[first : last + 1]), "".join(lines[last + 1 :])


def render_block(body, comment):
    """The whole block, markers included, around *body*."""
    begin, end = markers(comment)
    if body and not body.endswith("\n"):
        body += "\n"
    return begin + body + end


def with_block(text, body, comment, position="bottom"):
    """*text* with the kit's block holding *body*: replaced in place, or added at *position*."""
    block = render_block(body, comment)
    parts = split_block(text, comment)
    # A block that should come first but ends the file (kit 0.1 appended the shell's) moves
    # to the top, where the user's lines override it; one the user moved elsewhere stays.
    moved = parts is not None and position == "top" and parts[0].strip() and not parts[2].strip()
    if parts is not None and not moved:
        return parts[0] + block + parts[2]
    if parts is not None:
        text = parts[0] + parts[2]
    if position == "top":
        return block + text
    if text and not text.endswith("\n"):
        text += "\n"
    return text + block


def mentions(text, name):
    """Whether shell *text* names the file *name* (`. ~/.bashrc`, `source "$HOME/.bashrc"`)."""
    return re.search(rf"(^|[^\w.]){re.escape(name)}\b", text, re.M) is not None


def without_block(text, comment):
    """*text* with the kit's block taken out."""
    parts = split_block(text, comment)
    return text if parts is None else parts[0] + parts[2]


def block_body(text, comment):
    """What the kit's block in *text* holds, markers excluded ('' when there is none)."""
    parts = split_block(text, comment)
    if parts is None:
        return ""
    lines = parts[1].splitlines(keepends=True)
    return "".join(lines[1:-1])


def write_atomically(path, data, mode=None):
    """Write *data* to *path* through a temp file and a rename; keep an existing mode."""
    directory = os.path.dirname(path)
    if mode is None:
        try:
            mode = os.stat(path).st_mode & 0o7777
        except FileNotFoundError:
            mode = 0o644
    handle, temp = tempfile.mkstemp(dir=directory, prefix=TEMP_PREFIX)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temp, mode)
        os.replace(temp, path)
    except BaseException:
        if os.path.lexists(temp):
            os.unlink(temp)
        raise


def sweep_temp_files(directory):
    """Remove the temp files a run killed mid-write left in *directory* (SIGKILL allows no
    clean-up): they carry the kit's prefix, and no run is writing them now."""
    try:
        entries = list(os.scandir(directory))
    except OSError:
        return
    for entry in entries:
        if entry.name.startswith(TEMP_PREFIX) and not entry.is_dir(follow_symlinks=False):
            os.unlink(entry.path)


def link_atomically(path, target):
    """Point the symlink *path* at *target*, replacing what was there in one rename."""
    temp = os.path.join(os.path.dirname(path), f"{TEMP_PREFIX}link-{os.getpid()}")
    if os.path.lexists(temp):
        os.unlink(temp)
    os.symlink(target, temp)
    os.replace(temp, path)


class Home:  # pylint: disable=too-many-instance-attributes # one per concern of a run
    """The managed part of one home directory, and the state file that remembers it."""

    def __init__(self, state_dir, check_mode=False, stamp=None, follow_links=False):
        self.home = os.path.expanduser("~")
        self.state_dir = os.path.expanduser(state_dir)
        self.check_mode = check_mode
        self.follow_links = follow_links
        self.stamp = stamp or time.strftime("%Y%m%dT%H%M%S")
        self.state = self._load_state()
        self.results = []
        self.diffs = []
        # One line each for what the user should know: a file skipped, a block that
        # cannot run. bootstrap's summary counts them.
        self.warnings = []
        self._warned = set()

    # -- state ---------------------------------------------------------------------------
    def _load_state(self):
        raw = read_bytes(os.path.join(self.state_dir, STATE_FILE))
        state = json.loads(raw) if raw else {}
        state.setdefault("version", 1)
        state.setdefault("entries", {})
        state.setdefault("dirs", [])
        return state

    def _save_state(self):
        if self.check_mode:
            return
        self._make_dirs(self.state_dir, record=False)
        sweep_temp_files(self.state_dir)  # the state's own temp file, if a kill left one
        data = json.dumps(self.state, indent=1, sort_keys=True).encode() + b"\n"
        write_atomically(os.path.join(self.state_dir, STATE_FILE), data, 0o600)

    def _make_dirs(self, directory, record=True):
        missing = []
        while directory and not os.path.isdir(directory):
            missing.append(directory)
            directory = os.path.dirname(directory)
        for path in reversed(missing):
            os.mkdir(path, 0o755)
            if record and path not in self.state["dirs"]:
                self.state["dirs"].append(path)

    def _backup(self, path):
        """Copy *path* into this run's backup folder; return the copy's path."""
        relative = os.path.relpath(path, self.home)
        if relative.startswith(".."):
            relative = path.lstrip("/")
        copy = os.path.join(self.state_dir, "backups", self.stamp, relative)
        self._make_dirs(os.path.dirname(copy), record=False)
        # Backups are copies of the user's own files: readable by the user alone.
        os.chmod(os.path.join(self.state_dir, "backups"), 0o700)
        # The first copy is the original: a later one (the same real file reached by
        # another name, a second run in the same second) never replaces it.
        if not os.path.lexists(copy):
            shutil.copy2(path, copy, follow_symlinks=False)
        return copy

    # -- applying ------------------------------------------------------------------------
    def apply(self, specs, prune=False):
        """Bring every spec to its declared state; with *prune*, undo what is no longer declared."""
        declared = set()
        swept = set()
        chosen = [(self._choose_path(spec), spec) for spec in specs]
        # A real file gets one block, from the first spec that names it; a link to a
        # file another spec names by its own path is that spec's to write.
        own_paths = {os.path.realpath(p) for p, s in chosen if not os.path.islink(p)}
        claimed = set()
        for path, spec in chosen:
            declared.add(path)
            if "block" in spec:
                real = os.path.realpath(path)
                if real in claimed or (os.path.islink(path) and real in own_paths):
                    continue
                claimed.add(real)
            if self._refused(path, spec):
                continue
            directory = os.path.dirname(os.path.realpath(path))
            if directory not in swept and not self.check_mode:
                swept.add(directory)
                sweep_temp_files(directory)
            try:
                self._apply_one(path, spec)
            except PermissionError as exc:
                # Read-only after all (a store mounted read-only, an ACL): this file is
                # skipped, every other one still applied.
                shown = self._tilde(path)
                self._warn(path, spec, f"{shown} cannot be written ({exc.strerror}): skipped")
        if not self.check_mode:
            places.merge_history(  # kit 0.1 kept bash history apart; it is the user's
                os.path.join(self.state_dir, "bash_history"),
                os.path.join(self.home, ".bash_history"),
            )
        if prune:
            for path in sorted(set(self.state["entries"]) - declared):
                self._remove(path, self.state["entries"][path])
            self._remove_empty_dirs()
        self._save_state()
        return self.results

    def _refused(self, path, spec):
        """Warn and return True when *path* may not be written (see beachhouse_places)."""
        kind = "link" if "link" in spec else "block" if "block" in spec else "file"
        reason = places.refusal(path, self.home, self.follow_links, itself=kind != "link")
        if reason is None:
            return False
        link = places.first_link(path, self.home, itself=kind != "link")
        if link is not None and link != path:
            # Kit files under a linked folder (a stow-folded ~/.config): one line for them all.
            reason = (
                f"{reason}, so nothing of the kit is written under it; unfold it"
                " (stow --no-folding) or set home.follow_links: true"
            )
            key = link
        else:
            key = path
            if spec.get("line"):
                reason += f"; to get the kit, add this line to it: {spec['line']}"
        if key not in self._warned:
            self._warned.add(key)
            self._warn(path, spec, reason)
        return True

    def _warn(self, path, spec, message):
        self.warnings.append({"path": path, "role": spec.get("role", ""), "message": message})

    def _tilde(self, path):
        return places.tilde(path, self.home)

    def _choose_path(self, spec):
        """Where a spec's file is: ZDOTDIR's .zshrc for zsh, else the first of its paths that
        exists, else the first (where a login shell would look)."""
        paths = spec["path"]
        if spec.get("zdotdir"):
            folder = places.zdotdir(self.home)
            if folder is not None:
                found = os.path.join(folder, os.path.basename(paths))
                self._warn(
                    found,
                    spec,
                    f"zsh reads {self._tilde(found)} (ZDOTDIR), not ~/.zshrc: the kit's block"
                    " goes there",
                )
                return found
        if spec.get("env_base") and os.environ.get(spec["env_base"]):
            return os.path.join(os.environ[spec["env_base"]], spec["env_path"])
        candidates = [os.path.expanduser(p) for p in ([paths] if isinstance(paths, str) else paths)]
        for candidate in candidates:
            if os.path.lexists(candidate):
                return candidate
        return candidates[0]

    @staticmethod
    def _desired(spec, current):
        """What a path should hold: bytes for files and blocks, a target string for links."""
        if "link" in spec:
            return os.path.expanduser(spec["link"])
        if "block" in spec:
            comment = spec.get("comment", "#")
            text = (current or b"").decode("utf-8", errors="surrogateescape")
            unless = spec.get("unless_contains")
            if unless and unless in without_block(text, comment):
                wanted = without_block(text, comment)
            else:
                wanted = with_block(text, spec["block"], comment, spec.get("position", "bottom"))
            return wanted.encode("utf-8", errors="surrogateescape")
        return spec["content"].encode("utf-8")

    def _variant(self, path, spec, current):
        """The block and its position for this file: `new_file_block` for a file the kit
        itself creates (vim loads defaults.vim only without a ~/.vimrc); for a login file
        and its `partner` ~/.bashrc, `partner_block` when they read each other: at the top
        when ~/.bashrc reads this file (or is this file), so the user's lines below win;
        where this file reads ~/.bashrc, in the spec's position (its end)."""
        chosen = {"block": spec["block"], "position": spec.get("position", "bottom")}
        entry = self.state["entries"].get(path)
        created = current is None if entry is None else not entry.get("existed")
        if created and spec.get("new_file_block"):
            chosen["block"] = spec["new_file_block"]
        partner = spec.get("partner")
        if not (partner and spec.get("partner_block")):
            return chosen
        comment = spec.get("comment", "#")
        partner = os.path.expanduser(partner)
        read = (read_bytes(os.path.realpath(partner)) or b"").decode("utf-8", "surrogateescape")
        mine = (current or b"").decode("utf-8", "surrogateescape")
        if os.path.realpath(partner) == os.path.realpath(path) or mentions(
            without_block(read, comment), os.path.basename(path)
        ):
            chosen.update(block=spec["partner_block"], position="top")
        elif mentions(without_block(mine, comment), os.path.basename(partner)):
            chosen["block"] = spec["partner_block"]
        return chosen

    def _check_rc_file(self, path, spec, desired):
        """Warn about what keeps a shell from running the kit's block in this file."""
        if not spec.get("rc_file"):
            return
        begin = markers(spec.get("comment", "#"))[0].encode()
        start = desired.find(begin)
        for problem in places.rc_file_problems(desired, start if start >= 0 else None):
            shown = self._tilde(path)
            self._warn(path, spec, f"{shown} {problem.replace('FILE', shown)}")

    def _apply_one(self, path, spec):
        kind = "link" if "link" in spec else "block" if "block" in spec else "file"
        kind = "cache" if spec.get("cache") else kind
        if kind == "cache":
            self._apply_cache(path, spec)
            return
        target = os.path.realpath(path) if kind == "block" else path
        if kind == "block":
            spec = {**spec, **self._variant(path, spec, read_bytes(target))}
        if kind == "link":
            current = os.readlink(path) if os.path.islink(path) else None
            exists = os.path.lexists(path)
        else:
            current = read_bytes(target)
            exists = current is not None
        desired = self._desired(spec, current)
        if kind == "block":
            self._check_rc_file(path, spec, desired)
        # A block's file is the user's: its mode is declared only for the file it creates
        # (e.g. an executable ~/.customize_environment); one that exists keeps its own.
        wants_mode = kind == "file" or (kind == "block" and not exists)
        mode = int(spec["mode"], 8) if wants_mode and spec.get("mode") else None
        mode_ok = mode is None or not exists or (os.stat(target).st_mode & 0o7777) == mode
        if desired == current and mode_ok:
            self._note(path, spec, "ok")
            if path in self.state["entries"] or BEGIN.encode() in desired:
                self._remember(path, kind, spec, kind == "block", desired)
            elif kind != "block":
                # Already as declared though not recorded (a lost state file): it is the kit's.
                self._remember(path, kind, spec, False, desired)
            return
        if kind != "link" and spec.get("diff", True):
            self._diff(path, current, desired)
        self._note(path, spec, "created" if not exists else "changed")
        if self.check_mode:
            return
        self._remember(path, kind, spec, exists, desired, backup_from=target if exists else None)
        self._save_state()
        self._make_dirs(os.path.dirname(target))
        if kind == "link":
            link_atomically(path, desired)
        else:
            write_atomically(target, desired, mode)

    def _remember(self, path, kind, spec, existed, desired, backup_from=None):
        """Record *path* in the state; back its original up on the first change only."""
        entry = self.state["entries"].get(path)
        if entry is None:
            entry = {"kind": kind, "existed": existed, "backup": None}
            if backup_from is not None and not self.check_mode:
                entry["backup"] = self._backup(path if kind == "link" else backup_from)
            self.state["entries"][path] = entry
        entry.update(role=spec.get("role", ""), kind=kind)
        if kind == "block":
            entry["comment"] = spec.get("comment", "#")
            entry["position"] = spec.get("position", "bottom")
        elif kind == "file":
            entry["sha256"] = digest(desired)
        else:
            entry["target"] = desired

    def _apply_cache(self, path, spec):
        """A folder the kit owns whole (the shells' completion caches): made now, so that
        the record says whether its parents were the kit's; emptied at uninstall."""
        exists = os.path.isdir(path)
        self._note(path, spec, "ok" if exists else "created")
        if not self.check_mode:
            self._make_dirs(path)
            entry = {"kind": "cache", "existed": exists, "backup": None}
            self.state["entries"].setdefault(path, entry)
            self.state["entries"][path].update(role=spec.get("role", ""), kind="cache")

    def _note(self, path, spec, action):
        self.results.append({"path": path, "role": spec.get("role", ""), "action": action})

    def _diff(self, path, before, after):
        self.diffs.append(
            {
                "before_header": path if before is not None else "/dev/null",
                "after_header": path,
                "before": (before or b"").decode("utf-8", errors="replace"),
                "after": after.decode("utf-8", errors="replace"),
            }
        )

    # -- removing ------------------------------------------------------------------------
    def uninstall(self):
        """Take out every block, file and link the kit made; give back the originals."""
        for path in sorted(self.state["entries"]):
            self._remove(path, self.state["entries"][path])
        if not self.check_mode:
            self._give_back_history()
        self._remove_empty_dirs()
        if not self.check_mode:
            sweep_temp_files(self.state_dir)
            state_file = os.path.join(self.state_dir, STATE_FILE)
            if os.path.exists(state_file):
                os.unlink(state_file)
        return self.results

    def _remove(self, path, entry):
        spec = {"role": entry.get("role", "")}
        action = getattr(self, f"_removal_{entry['kind']}")(path, entry)
        if action is not None:
            self._note(path, spec, action)
        if not self.check_mode:
            del self.state["entries"][path]

    def _removal_block(self, path, entry):
        target = os.path.realpath(path)
        current = read_bytes(target)
        if current is None:
            return None
        comment = entry.get("comment", "#")
        text = current.decode("utf-8", errors="surrogateescape")
        if split_block(text, comment) is None:
            return None
        original = read_bytes(entry["backup"]) if entry.get("backup") else None
        reinserted = None
        if original is not None:
            reinserted = with_block(
                original.decode("utf-8", errors="surrogateescape"),
                block_body(text, comment),
                comment,
                entry.get("position", "bottom"),
            ).encode("utf-8", errors="surrogateescape")
        if reinserted == current:
            # Untouched since install: the backup is exactly what was there before.
            restored = original
        else:
            restored = without_block(text, comment).encode("utf-8", errors="surrogateescape")
        self._diff(path, current, restored)
        if self.check_mode:
            return "restored"
        if not entry.get("existed") and not restored.strip():
            os.unlink(target)
            return "removed"
        write_atomically(target, restored)
        return "restored"

    def _removal_cache(self, path, _entry):
        if not os.path.isdir(path) or os.path.islink(path):
            return None
        if not self.check_mode:
            shutil.rmtree(path)
        return "removed"

    def _give_back_history(self):
        """History is the user's: what kit 0.1 kept in its own file goes back into
        ~/.bash_history; zsh history and vim's undo files, recorded in the state folder
        for users who had none of their own, move to the backups with the originals."""
        places.merge_history(
            os.path.join(self.state_dir, "bash_history"), os.path.join(self.home, ".bash_history")
        )
        for name in ("zsh_history", "vim"):
            kept = os.path.join(self.state_dir, name)
            if os.path.lexists(kept):
                into = os.path.join(self.state_dir, "backups", self.stamp)
                self._make_dirs(into, record=False)
                os.chmod(os.path.join(self.state_dir, "backups"), 0o700)
                os.replace(kept, os.path.join(into, name))

    def _removal_file(self, path, entry):
        current = read_bytes(path)
        if current is None:
            return None
        if self.check_mode:
            return "removed"
        if entry.get("backup"):
            # A link the user had there comes back as that link, not as its target's bytes.
            os.unlink(path)
            shutil.copy2(entry["backup"], path, follow_symlinks=False)
            return "restored"
        if digest(current) != entry.get("sha256"):
            self._backup(path)  # edited by hand after install: keep the edits
        os.unlink(path)
        return "removed"

    def _removal_link(self, path, entry):
        if not os.path.islink(path) or os.readlink(path) != entry.get("target"):
            return None
        if self.check_mode:
            return "removed"
        os.unlink(path)
        if entry.get("backup"):
            shutil.copy2(entry["backup"], path, follow_symlinks=False)
            return "restored"
        return "removed"

    def _remove_empty_dirs(self):
        if self.check_mode:
            return
        # A folder an entry still lives in (or is: the cache) stays, empty or not.
        kept = set()
        for path in self.state["entries"]:
            while places.under(path, self.home) and path not in kept:
                kept.add(path)
                path = os.path.dirname(path)
        for directory in sorted(self.state["dirs"], key=len, reverse=True):
            if directory in kept:
                continue
            try:
                os.rmdir(directory)
            except OSError:
                continue  # not empty: something else lives there now
            self.state["dirs"].remove(directory)
