"""The fork's own files: everything under home/ at the kit's root lands at the same path
under $HOME, copied, or linked where the owner's config lists it in kit.home_links."""

from __future__ import annotations

import os

from ansible.errors import AnsibleFilterError

SKIPPED = ("__pycache__", ".git")


def fork_home_files(kit_src, links=(), may_link=True):
    """The home module's items for the files under *kit_src*/home (links only where the
    kit runs on this machine: a fleet's hosts get copies)."""
    top = os.path.join(str(kit_src), "home")
    found = []
    for root, dirs, names in os.walk(top):
        dirs[:] = sorted(d for d in dirs if d not in SKIPPED)
        found += [os.path.relpath(os.path.join(root, n), top) for n in sorted(names)]
    unknown = sorted(set(links) - set(found))
    if unknown:
        raise AnsibleFilterError(
            f"kit.home_links lists {unknown[0]}, which is not a file under the fork's home/; "
            "list paths relative to home/, such as .inputrc"
        )
    items = []
    for relative in found:
        source = os.path.join(top, relative)
        item = {"role": "fork", "path": "~/" + relative}
        if relative in links and may_link:
            item["link"] = source
        else:
            item["src"] = source
        items.append(item)
    return items


class FilterModule:
    """Register the filter."""

    def filters(self):
        return {"beachhouse_fork_home_files": fork_home_files}
