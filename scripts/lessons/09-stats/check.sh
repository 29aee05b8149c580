#!/usr/bin/env bash
# Lesson 9 check: summary.txt holds describe()'s numbers for people.csv.
# shellcheck disable=SC2154 # SEED and LESSON_DIR come from the runner

lesson_check() {
  step "people.csv is as learn start made it"
  need_file people.csv || return
  cmp -s people.csv <(awk -v seed="$SEED" -f "$LESSON_DIR/gen-people.awk") ||
    fail "people.csv: changed since learn start (learn reset 9 restores it)" || return

  step "summary.txt is there"
  need_file summary.txt || return
  python_steps "$LESSON_DIR/check_stats.py"
}
