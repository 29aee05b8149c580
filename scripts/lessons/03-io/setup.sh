#!/usr/bin/env bash
# Lesson 3 setup: words.txt with a clear top three, and a ~21 MB foods.tsv, both per learner.
# shellcheck disable=SC2034,SC2154 # sets what check.sh reads; LESSON_DIR, SEED: runner

# WORDS and BYTES (words.txt's size), TOP_COUNTS and TOP_WORDS: what check.sh needs, cheaply.
lesson_data() {
  local i j tmp
  VOCAB=(data model shell cloud python cache query token vector batch layer kernel)
  COUNTS=()
  # Shuffle the vocabulary, then give the first four strictly falling counts.
  for ((i = ${#VOCAB[@]} - 1; i > 0; i--)); do
    rng $((i + 1))
    j=$REPLY tmp=${VOCAB[i]}
    VOCAB[i]=${VOCAB[j]} VOCAB[j]=$tmp
  done
  rng 20
  COUNTS[0]=$((REPLY + 30))
  for i in 1 2 3; do
    rng 4
    COUNTS[i]=$((COUNTS[i - 1] - REPLY - 2))
  done
  for ((i = 4; i < ${#VOCAB[@]}; i++)); do
    rng $((COUNTS[3] - 1))
    COUNTS[i]=$((REPLY + 1))
  done
  WORDS=0 BYTES=0
  for i in "${!VOCAB[@]}"; do
    WORDS=$((WORDS + COUNTS[i]))
    # Every word is followed by one space or one newline.
    BYTES=$((BYTES + COUNTS[i] * (${#VOCAB[i]} + 1)))
  done
  TOP_WORDS=("${VOCAB[@]:0:3}")
  TOP_COUNTS=("${COUNTS[@]:0:3}")
}

# TEXT: words.txt's contents, the words shuffled, eight to a line. Setup only: it is slow.
lesson_text() {
  local bag=() i j k tmp
  for i in "${!VOCAB[@]}"; do
    for ((k = 0; k < COUNTS[i]; k++)); do bag+=("${VOCAB[i]}"); done
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
  TEXT=${TEXT% }
  TEXT=${TEXT%$'\n'}$'\n'
}

# About 85 bytes a line: 250,000 lines make ~21 MB, big for a spreadsheet, small for a 1 GB home.
foods_rows() { REPLY=${BEACHHOUSE_LEARN_TSV_ROWS:-250000}; }

lesson_setup() {
  lesson_data
  lesson_text
  [ "${#TEXT}" -eq "$BYTES" ] || return 1
  printf '%s' "$TEXT" >words.txt
  foods_rows
  printf 'Making your foods.tsv: %d rows, about %d MB (a second or two)...\n' "$REPLY" \
    $(((REPLY * 85 + 500000) / 1000000))
  awk -v seed="$SEED" -v rows="$REPLY" -f "$LESSON_DIR/gen-foods.awk" >foods.tsv
}
