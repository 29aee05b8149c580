"""Fetching a release of the kit and checking it is the one published: the download and
its sha256, a safe unpack, and an atomic switch of ~/.local/share/beachhouse/src.

The layout is bootstrap.sh's: each release unpacks whole into src-VERSION, and `src` is a
symlink to the one in use, replaced in one rename. verify_sha256() is the check a
bootstrap run could share.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import tarfile
import tempfile
import urllib.request

from beachhouse import manifest

ARCHIVE = "beachhouse.tar.gz"
DEFAULT_URL = "https://github.com/beachhouse-dev/beachhouse/releases/latest/download"


class ReleaseError(Exception):
    """A release that cannot be used, with the one line that says why."""


def fetch(url: str, into: str) -> str:
    """Download *url* into the folder *into*; https:// and file:// only."""
    if not url.startswith(("https://", "file://")):
        raise ReleaseError(f"{url} is not an https:// address; unset BEACHHOUSE_UPDATE_URL")
    target = os.path.join(into, os.path.basename(url))
    try:
        with urllib.request.urlopen(url, timeout=60) as response, open(target, "wb") as out:
            shutil.copyfileobj(response, out)
    except OSError as exc:
        raise ReleaseError(f"could not fetch {url} ({exc}); check the network and retry") from exc
    return target


def sha256_of(path: str) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def verify_sha256(path: str, expected: str) -> None:
    """Refuse *path* unless its sha256 is *expected* (hex, as sha256sum prints it)."""
    got = sha256_of(path)
    if got != expected.lower():
        raise ReleaseError(
            f"{os.path.basename(path)} has sha256 {got}, not the published {expected}: "
            "refused, nothing changed"
        )


def published_sha256(path: str) -> str:
    """The hex digest in a sha256sum-style file."""
    with open(path, encoding="utf-8") as handle:
        found = re.match(r"\s*([0-9a-fA-F]{64})\b", handle.read())
    if not found:
        raise ReleaseError(f"{os.path.basename(path)} holds no sha256; the release is broken")
    return found.group(1)


def unpack(archive: str, into: str) -> None:
    """Unpack the archive's single top folder's contents into *into*, refusing any member
    that would land outside it or is not a plain file, folder or relative link."""
    with tarfile.open(archive, "r:gz") as tar:
        members = []
        for member in tar.getmembers():
            parts = member.name.split("/", 1)
            if len(parts) < 2 or not parts[1]:
                continue
            name = os.path.normpath(parts[1])
            bad_link = member.issym() and (
                os.path.isabs(member.linkname) or ".." in member.linkname.split("/")
            )
            if name.startswith(("..", "/")) or bad_link or member.islnk() or member.isdev():
                raise ReleaseError(f"the archive holds an unsafe member {member.name}; refused")
            member.name = name
            members.append(member)
        tar.extractall(into, members=members)  # nosec B202 # every member checked above


def version_of(kit: str) -> str:
    """The version a kit's bootstrap.sh declares."""
    return manifest.kit_version(kit)


def download(base_url: str, data_dir: str) -> str:
    """Fetch and verify the newest release; unpack it beside the others (src-VERSION)
    and return that folder. Nothing in use changes."""
    scratch = tempfile.mkdtemp(prefix="beachhouse-update-")
    try:
        archive = fetch(f"{base_url.rstrip('/')}/{ARCHIVE}", scratch)
        checksum = fetch(f"{base_url.rstrip('/')}/{ARCHIVE}.sha256", scratch)
        verify_sha256(archive, published_sha256(checksum))
        new = tempfile.mkdtemp(prefix=".src-new.", dir=data_dir)
        try:
            unpack(archive, new)
            version = version_of(new)
            if not version or not os.path.isfile(os.path.join(new, "playbooks/site.yml")):
                raise ReleaseError("the archive is not a beachhouse release; refused")
            final = os.path.join(data_dir, f"src-{version}")
            if os.path.realpath(final) == os.path.realpath(os.path.join(data_dir, "src")):
                shutil.rmtree(new)
                return final
            shutil.rmtree(final, ignore_errors=True)
            os.rename(new, final)
            return final
        except BaseException:
            shutil.rmtree(new, ignore_errors=True)
            raise
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def switch(data_dir: str, release: str) -> None:
    """Point src at *release* in one rename; drop the releases it replaced."""
    src = os.path.join(data_dir, "src")
    link = os.path.join(data_dir, f".src-link.{os.getpid()}")
    if os.path.lexists(link):
        os.unlink(link)
    os.symlink(os.path.basename(release), link)
    if os.path.isdir(src) and not os.path.islink(src):
        shutil.rmtree(src)  # 0.1 fetched into src itself, a plain folder
    os.replace(link, src)
    for name in os.listdir(data_dir):
        old = os.path.join(data_dir, name)
        if name.startswith("src-") and old != release:
            shutil.rmtree(old, ignore_errors=True)
