#!/usr/bin/env bash
# Lesson 3 setup: words.txt with a clear top three, and a ~100 MB foods.tsv, both per learner.
# shellcheck disable=SC2034,SC2154 # sets what check.sh reads; LESSON_DIR, SEED: runner

# TEXT (words.txt's contents, one trailing newline), WORDS, TOP_COUNTS and TOP_WORDS.
lesson_data() {
  local vocab=(data model shell cloud python cache query token vector batch layer kernel)
  local counts=() bag=() i j k tmp
  # Shuffle the vocabulary, then give the first four strictly falling counts.
  for ((i = ${#vocab[@]} - 1; i > 0; i--)); do
    rng $((i + 1))
    j=$REPLY tmp=${vocab[i]}
    vocab[i]=${vocab[j]} vocab[j]=$tmp
  done
  rng 20
  counts[0]=$((REPLY + 30))
  for i in 1 2 3; do
    rng 4
    counts[i]=$((counts[i - 1] - REPLY - 2))
  done
  for ((i = 4; i < ${#vocab[@]}; i++)); do
    rng $((counts[3] - 1))
    counts[i]=$((REPLY + 1))
  done
  for i in "${!vocab[@]}"; do
    for ((k = 0; k < counts[i]; k++)); do bag+=("${vocab[i]}"); done
  done
  for ((i = ${#bag[@]} - 1; i > 0; i--)); do
    rng $((i + 1))
    j=$REPLY tmp=${bag[i]}
    bag[i]=${bag[j]} bag[j]=$tmp
  done
  TEXT=''
  for i in "${!bag[@]}"; do
    TEXT+=${bag[i]}
    if (((i + 1) % 8 == 0)); then TEXT+=$'\n'; else TEXT+=' '; fi
  done
  TEXT=${TEXT% }$'\n'
  TEXT=${TEXT%$'\n\n'}$'\n'
  WORDS=${#bag[@]}
  TOP_WORDS=("${vocab[@]:0:3}")
  TOP_COUNTS=("${counts[@]:0:3}")
}

lesson_setup() {
  lesson_data
  printf '%s' "$TEXT" >words.txt
  # About 85 bytes a line: 1.2 million lines make the ~100 MB the lesson promises.
  awk -v seed="$SEED" -v rows="${BEACHHOUSE_LEARN_TSV_ROWS:-1200000}" \
    -f "$LESSON_DIR/gen-foods.awk" >foods.tsv
}
