#!/usr/bin/env bash
# Lesson 10 setup: a project made from the kit's template, as `cookiecutter` makes it; what
# the lesson is about (a change, make lint test, a commit) is the learner's.

lesson_data() { :; }

# The project's dev tools take ~130 MB, a seventh of AWS CloudShell's 1 GB home, and are made
# again in seconds: its .venv is a link to a private folder of the temporary disk
# (the template's make install builds the venv where .venv points).
PROJECT=hello-mlops

lesson_setup() {
  command -v cookiecutter >/dev/null ||
    { echo "cookiecutter: not on PATH; ./bootstrap.sh installs it into ~/.local/bin" >&2; return 1; }
  echo "Making $PROJECT with: cookiecutter \"\$BEACHHOUSE_KIT/template\" (a second)..."
  cookiecutter --no-input "${LEARN_ROOT%/*}/template" project_name="Hello MLOps" >/dev/null
  [ -f "$PROJECT/Makefile" ]
  make_outside
  ln -s "$REPLY/venv" "$PROJECT/.venv"
}
