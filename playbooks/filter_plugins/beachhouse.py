"""Jinja filters the kit's templates share."""

from __future__ import annotations

import re


def beachhouse_sh(value):
    """Quote a value for a shell file, with a leading ~ turned into $HOME so it expands."""
    text = str(value)
    home = re.match(r"~(?=/|$)", text)
    if home:
        return '"$HOME' + re.sub(r'(["\\$`])', r"\\\1", text[1:]) + '"'
    return "'" + text.replace("'", "'\\''") + "'"


class FilterModule:
    """Register the filters."""

    def filters(self):
        return {"beachhouse_sh": beachhouse_sh}
