#!/usr/bin/env bash
# Lesson 2 setup: an inbox/ to tidy, with per-learner names and contents.
# shellcheck disable=SC2034 # the variables set here are read by check.sh

# CSV_NAME/CSV_BODY, REPORT_NAME/REPORT_BODY, TMP_NAMES and KEEP_NAMES.
lesson_data() {
  local topics=(sales sensors traffic weather harvest orders signups latency)
  local i n
  rng_pick "${topics[@]}"
  CSV_NAME="$REPLY-$((SEED % 97 + 1)).csv"
  CSV_BODY="day,$REPLY"
  for ((i = 1; i <= 7; i++)); do
    rng 1000
    CSV_BODY+=$'\n'"$i,$REPLY"
  done
  rng_pick "${topics[@]}"
  REPORT_NAME="report-$REPLY.md"
  REPORT_BODY="# Report on $REPLY"$'\n\n'"Written for learner $SEED."
  rng 4
  n=$((REPLY + 3))
  TMP_NAMES=()
  for ((i = 0; i < n; i++)); do
    rng 100000
    TMP_NAMES+=("scratch-$REPLY.tmp")
  done
  KEEP_NAMES=(notes.txt todo.txt "$CSV_NAME")
}

lesson_setup() {
  lesson_data
  mkdir inbox
  printf '%s\n' "$CSV_BODY" >"inbox/$CSV_NAME"
  printf '%s\n' "$REPORT_BODY" >"inbox/$REPORT_NAME"
  printf 'Remember: rm has no undo.\n' >inbox/notes.txt
  printf -- '- tidy the inbox\n' >inbox/todo.txt
  local name
  for name in "${TMP_NAMES[@]}"; do
    printf 'scratch\n' >"inbox/$name"
  done
}
