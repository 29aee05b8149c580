"""Read-only looks at a home directory: plaintext secrets in rc files, and disk use.

Findings name the file, the line and the safer alternative, never the secret itself.
"""

from __future__ import annotations

import os
import re

# (what it is, pattern, the safer alternative). A value taken from a command
# substitution or another variable is not plaintext, so `=$` never matches.
SECRET_PATTERNS = [
    (
        "an AWS secret access key",
        re.compile(r"\bAWS_SECRET_ACCESS_KEY\s*=\s*['\"]?[^\s'\"$]"),
        "use `aws configure sso`, or ~/.aws/credentials with mode 0600",
    ),
    (
        "an AWS session token",
        re.compile(r"\bAWS_SESSION_TOKEN\s*=\s*['\"]?[^\s'\"$]"),
        "use `aws configure sso` (it refreshes short-lived tokens for you)",
    ),
    (
        "an AWS access key id",
        re.compile(r"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b"),
        "use `aws configure sso`, or ~/.aws/credentials with mode 0600",
    ),
    (
        "an Azure client secret",
        re.compile(r"\bAZURE_CLIENT_SECRET\s*=\s*['\"]?[^\s'\"$]"),
        "use `az login` or a managed identity; keep secrets in Key Vault",
    ),
    (
        "a private key",
        re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----"),
        "keep private keys in their own file under ~/.ssh with mode 0600",
    ),
    (
        "a GitHub token",
        re.compile(r"\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})\b"),
        "use `gh auth login`, which keeps the token out of your shell files",
    ),
]


def find_secrets(paths):
    """Every plaintext credential in *paths*, as {file, line, what, advice}."""
    findings = []
    for path in paths:
        path = os.path.expanduser(path)
        try:
            with open(path, encoding="utf-8", errors="replace") as handle:
                lines = handle.readlines()
        except OSError:
            continue
        for number, line in enumerate(lines, start=1):
            for what, pattern, advice in SECRET_PATTERNS:
                if pattern.search(line):
                    findings.append({"file": path, "line": number, "what": what, "advice": advice})
                    break
    return findings


PRIVATE_KEY_END = re.compile(r"-----END [A-Z ]*PRIVATE KEY-----")


def redact(text):
    """*text* with every line that holds a plaintext credential (a private key whole)
    replaced by a note saying what was there: what a diff or a log may show of it."""
    lines = text.splitlines(keepends=True)
    hiding = None
    for number, line in enumerate(lines):
        if hiding is None:
            hiding = next(
                (what for what, pattern, _ in SECRET_PATTERNS if pattern.search(line)), None
            )
            if hiding is None:
                continue
        ending = "\n" if line.endswith("\n") else ""
        lines[number] = f"# [beachhouse: a line holding {hiding}, hidden]{ending}"
        if hiding != "a private key" or PRIVATE_KEY_END.search(line):
            hiding = None
    return "".join(lines)


def redact_diff(diff):
    """A diff (before/after texts) with the credentials of both sides hidden."""
    return {
        key: redact(value) if key in ("before", "after") else value for key, value in diff.items()
    }


def disk_usage(root):
    """Bytes allocated under *root*, counted as `du` does (symlinks not followed)."""
    total = 0
    stack = [os.path.expanduser(root)]
    while stack:
        try:
            entries = list(os.scandir(stack.pop()))
        except OSError:
            continue
        for entry in entries:
            try:
                info = entry.stat(follow_symlinks=False)
            except OSError:
                continue
            total += info.st_blocks * 512
            if entry.is_dir(follow_symlinks=False):
                stack.append(entry.path)
    return total
