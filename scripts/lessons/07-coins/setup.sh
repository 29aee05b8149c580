#!/usr/bin/env bash
# Lesson 7 setup: change.py to finish and test_change.py to extend; amounts to check with.
# shellcheck disable=SC2034,SC2154 # AMOUNTS is read by check.sh; LESSON_DIR: the runner

lesson_data() {
  local i
  AMOUNTS=()
  for ((i = 0; i < 6; i++)); do
    rng 500
    AMOUNTS+=("$REPLY")
  done
}

lesson_setup() {
  cp "$LESSON_DIR"/starter/change.py "$LESSON_DIR"/starter/test_change.py .
}
