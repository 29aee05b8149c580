#!/usr/bin/env bash
# Lesson 7 check: make_change is greedy, and the learner's tests pass and catch broken versions.
# shellcheck disable=SC2154 # AMOUNTS and LESSON_DIR come from setup.sh and the runner

lesson_check() {
  lesson_data
  step "change.py and test_change.py are in the workspace"
  need_file change.py || return
  need_file test_change.py || return
  python_steps "$LESSON_DIR/check_change.py" "${AMOUNTS[@]}"
}
