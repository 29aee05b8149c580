#!/usr/bin/env bash
# Lesson 8 check: tsp.py's runs are greedy, start at random, and it keeps the shortest.
# shellcheck disable=SC2154 # TABLE and LESSON_DIR come from setup.sh and the runner

lesson_check() {
  lesson_data
  step "cities.tsv is as learn start made it"
  need_file cities.tsv || return
  [ "$(<cities.tsv)" = "${TABLE%$'\n'}" ] ||
    fail "cities.tsv: changed since learn start (learn reset 8 restores it; keep tsp.py first)" ||
    return

  step "tsp.py is executable"
  need_file tsp.py || return
  [ -x tsp.py ] || fail "tsp.py: not executable (chmod +x tsp.py)" || return

  python_steps "$LESSON_DIR/check_tsp.py"
}
