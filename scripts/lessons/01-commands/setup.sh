#!/usr/bin/env bash
# Lesson 1 setup: a tools/ folder whose size and biggest file differ per learner.
# shellcheck disable=SC2034 # the arrays set here are read by check.sh

# TOOL_NAMES, TOOL_SIZES and LARGEST, the same for setup and check.
lesson_data() {
  local words=(awk grep sed curl vim tmux make jq ssh rsync tar gzip git less nano)
  local count i big
  rng 40
  count=$((REPLY + 21))
  rng "$count"
  big=$REPLY
  TOOL_NAMES=() TOOL_SIZES=()
  for ((i = 0; i < count; i++)); do
    rng_pick "${words[@]}"
    printf -v 'TOOL_NAMES[i]' '%s-%02d.cfg' "$REPLY" "$i"
    rng 4000
    TOOL_SIZES[i]=$((REPLY + 100))
  done
  rng 1000
  TOOL_SIZES[big]=$((REPLY + 5000))
  LARGEST=${TOOL_NAMES[big]}
}

lesson_setup() {
  lesson_data
  mkdir tools
  local i
  for i in "${!TOOL_NAMES[@]}"; do
    printf '%*s' "${TOOL_SIZES[i]}" '' >"tools/${TOOL_NAMES[i]}"
  done
}
