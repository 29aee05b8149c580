"""The kit's own lint, run in the test suite so CI proves it clean on every change."""

import subprocess

import pytest

from harness import KIT


@pytest.mark.slow
def test_make_lint_is_clean():
    result = subprocess.run(
        ["make", "--no-print-directory", "lint"],
        cwd=KIT,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert result.returncode == 0, (result.stdout + result.stderr)[-5000:]
