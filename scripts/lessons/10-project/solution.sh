# Lesson 10, in the workspace, where learn start 10 has made hello-mlops with cookiecutter.
cd hello-mlops || return
make install
# A change of our own: a function, and a test of it.
cat >src/hello_mlops/greet.py <<'PY'
"""Greetings: the first function of my own in this project."""


def greet(name: str) -> str:
    """Return a friendly greeting for NAME."""
    return f"Hello, {name}!"
PY
cat >tests/test_greet.py <<'PY'
"""greet(): what it says to whom."""

from hello_mlops.greet import greet


def test_greet_says_hello_by_name():
    assert greet("Ada") == "Hello, Ada!"
PY
make lint test
git add .
git commit -q -m "Add greet(), with its test"
cd ..
