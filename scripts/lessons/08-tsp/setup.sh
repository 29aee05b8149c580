#!/usr/bin/env bash
# Lesson 8 setup: ten cities (the chapter's Bay Area companies) at per-learner distances.
# shellcheck disable=SC2034,SC2154 # TABLE is read by check.sh; LESSON_DIR: the runner

# TABLE: cities.tsv's contents. Every distance differs, so the greedy choice is never a tie.
lesson_data() {
  local pool=(AAPL CSCO CVX EBAY GOOG GPS HPQ INTC MCK ORCL PCG SFO SWY URS WFC)
  local lengths=() i j k=0 tmp
  for ((i = ${#pool[@]} - 1; i > 0; i--)); do
    rng $((i + 1))
    j=$REPLY tmp=${pool[i]}
    pool[i]=${pool[j]} pool[j]=$tmp
  done
  for ((i = 0; i < 99; i++)); do lengths[i]=$((i + 1)); done
  for ((i = 98; i > 0; i--)); do
    rng $((i + 1))
    j=$REPLY tmp=${lengths[i]}
    lengths[i]=${lengths[j]} lengths[j]=$tmp
  done
  TABLE=$'from\tto\tdistance\n'
  for ((i = 0; i < 10; i++)); do
    for ((j = i + 1; j < 10; j++)); do
      TABLE+="${pool[i]}"$'\t'"${pool[j]}"$'\t'"${lengths[k]}"$'\n'
      TABLE+="${pool[j]}"$'\t'"${pool[i]}"$'\t'"${lengths[k]}"$'\n'
      k=$((k + 1))
    done
  done
}

lesson_setup() {
  lesson_data
  printf '%s' "$TABLE" >cities.tsv
  cp "$LESSON_DIR/starter/tsp.py" .
}
