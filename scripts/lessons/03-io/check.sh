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
  local body i line count word lines bad dup first_bad

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

  step "sample.tsv holds 10,000 lines of foods.tsv, picked at random"
  need_file sample.tsv || return
  foods_rows
  local rows=$REPLY full share low gap
  line=$(awk -v seed="$SEED" -v rows="$rows" -f "$LESSON_DIR/check-sample.awk" sample.tsv)
  read -r lines bad first_bad dup full share low gap <<<"$line"
  [ "$bad" -eq 0 ] || fail "sample.tsv: line $first_bad is not a line of your foods.tsv" || return
  [ "$dup" -eq 0 ] || fail "sample.tsv: $dup lines appear twice; shuf -n never repeats one" || return
  [ "$lines" -eq 10000 ] || fail "sample.tsv: has $lines lines, expected 10000" || return
  # A random tenth of the file holds about 10 % of the sample (9 to 11 %, nearly always).
  [ "$share" -le 20 ] && [ "$low" -ge 5 ] ||
    fail "sample.tsv: $share % of its lines come from tenth number $full of foods.tsv" \
      "(a random sample spreads over the whole file; head and tail take its ends: shuf -n)" ||
    return
  [ "$gap" -le 50 ] ||
    fail "sample.tsv: $gap % of its lines are the same distance apart in foods.tsv" \
      "(every Nth line is not random: shuf -n picks each line with the same chance)" || return

  step "time.txt holds what time printed as it made sample.tsv"
  need_file time.txt || return
  time_seconds time.txt ||
    fail "time.txt: no timing in it (bash's time prints 'real', 'user' and 'sys' lines)" \
      "(time prints to standard error: catch it with 2>, as in { time ... ; } 2> time.txt)" ||
    return
  [ "$REPLY" -ge 5 ] ||
    fail "time.txt: says ${REPLY} ms, faster than shuf can read foods.tsv: catch what time prints" \
      "with 2>, rather than typing it" || return
  local made written
  made=$(stat -c %Y sample.tsv) written=$(stat -c %Y time.txt)
  [ ! sample.tsv -nt time.txt ] && [ $((written - made)) -le 10 ] ||
    fail "time.txt: written $((written - made)) s after sample.tsv changed; make both in one go:" \
      "{ time shuf -n 10000 foods.tsv > sample.tsv ; } 2> time.txt" || return

  step "errors.txt holds only the error of ls foods.tsv no-such-file"
  need_file errors.txt || return
  grep -q no-such-file errors.txt ||
    fail "errors.txt: no error about no-such-file in it (errors go to standard error: 2>)" ||
    return
  ! grep -qx foods.tsv errors.txt ||
    fail "errors.txt: also holds the listing; send standard output to /dev/null" || return

  step "both.txt holds the listing and the error together"
  need_file both.txt || return
  grep -qx foods.tsv both.txt && grep -q no-such-file both.txt ||
    fail "both.txt: needs the line foods.tsv and the error about no-such-file" \
      "(> both.txt 2>&1: standard output into the file, then standard error where it goes)" ||
    return

  step "lines.txt holds the line count of foods.tsv"
  number_in lines.txt || return
  [ "$REPLY" -eq $((rows + 1)) ] ||
    fail "lines.txt: says $REPLY; wc -l foods.tsv counts something else" || return
}

# REPLY = the milliseconds FILE says time measured (bash's, bash -p's, zsh's, GNU time's).
time_seconds() {
  local text
  text=$(<"$1")
  text=${text//,/.}
  if [[ $text =~ real[[:space:]]+([0-9]+)m([0-9]+)\.([0-9]+)s ]] ||
    [[ $text =~ ()real[[:space:]]+([0-9]+)\.([0-9]+) ]] ||
    [[ $text =~ ([0-9]*):?([0-9]+)\.([0-9]+)[[:space:]]*(total|elapsed) ]]; then
    local frac=${BASH_REMATCH[3]}000
    REPLY=$(((10#${BASH_REMATCH[1]:-0} * 60 + 10#${BASH_REMATCH[2]}) * 1000 + 10#${frac:0:3}))
    return 0
  fi
  return 1
}
