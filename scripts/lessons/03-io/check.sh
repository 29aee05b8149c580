#!/usr/bin/env bash
# Lesson 3 check: redirections, counts, a top three, and a random sample of foods.tsv.
# shellcheck disable=SC2154 # REPLY, SEED, LESSON_DIR and the data come from the runner and setup.sh

# REPLY = the first whole number in the first line of $1, or fail.
number_in() {
  need_file "$1" || return
  first_line "$1"
  local answer=$REPLY
  shown "$answer"
  [[ $answer =~ ^([0-9]+)([[:space:]]|$) ]] ||
    fail "$1: expected a number, found $REPLY" || return
  REPLY=${BASH_REMATCH[1]}
}

lesson_check() {
  lesson_data
  local body i line count word lines bad dup ordered first_bad

  step "foods.tsv and words.txt are where learn start put them"
  need_file foods.tsv || return
  need_file words.txt || return

  step "greeting.txt holds two lines: hello, then world"
  need_file greeting.txt || return
  body=$(<greeting.txt)
  if [ "$body" = world ]; then
    fail "greeting.txt: holds only 'world': the second > replaced the first line; >> appends" ||
      return
  fi
  [ "$body" = $'hello\nworld' ] ||
    fail "greeting.txt: holds '${body//$'\n'/\\n}', expected 'hello\\nworld'" || return

  step "words-count.txt holds the number of words in words.txt"
  number_in words-count.txt || return
  [ "$REPLY" -eq "$WORDS" ] ||
    fail "words-count.txt: says $REPLY, not the number of words in words.txt" || return

  step "bytes-count.txt holds the size of words.txt in bytes"
  number_in bytes-count.txt || return
  [ "$REPLY" -eq "$BYTES" ] ||
    fail "bytes-count.txt: says $REPLY, not the number of bytes in words.txt" || return

  step "top3.txt lists the three most common words, with their counts"
  need_file top3.txt || return
  i=0
  while read -r count word _ && [ "$i" -lt 3 ]; do
    if [ "$count" != "${TOP_COUNTS[i]}" ] || [ "$word" != "${TOP_WORDS[i]}" ]; then
      fail "top3.txt: line $((i + 1)) is '$count $word', which is not the word in place $((i + 1))" \
        "(one count and one word a line, as uniq -c prints them, most common first)" || return
    fi
    i=$((i + 1))
  done <top3.txt
  [ "$i" -eq 3 ] || fail "top3.txt: has $i lines, expected 3" || return

  step "sample.tsv holds 100,000 lines of foods.tsv, picked at random"
  need_file sample.tsv || return
  line=$(awk -v seed="$SEED" -f "$LESSON_DIR/check-sample.awk" sample.tsv)
  read -r lines _ bad dup ordered first_bad <<<"$line"
  [ "$bad" -eq 0 ] || fail "sample.tsv: line $first_bad is not a line of your foods.tsv" || return
  [ "$dup" -eq 0 ] || fail "sample.tsv: $dup lines appear twice; shuf -n never repeats one" || return
  [ "$lines" -eq 100000 ] || fail "sample.tsv: has $lines lines, expected 100000" || return
  [ "$ordered" -eq 0 ] ||
    fail "sample.tsv: its lines are in file order, so they were not picked at random" \
      "(head takes the first lines; shuf picks at random)" || return

  step "time.txt holds what time printed"
  need_file time.txt || return
  # bash: "real 0m0.21s"; zsh: "... 0.21s user ... total"; GNU time: "... elapsed".
  grep -Eq '(^|[[:space:]])real[[:space:]]+[0-9]|[0-9.]+ total|elapsed' time.txt ||
    fail "time.txt: no timing in it (bash's time prints 'real', 'user' and 'sys' lines)" \
      "(time prints to standard error: catch it with 2>)" || return
}
