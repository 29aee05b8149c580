#!/usr/bin/env bash
# Lesson 1 check: count.txt, wc-path.txt, largest.txt and lines-option.txt hold the right answers.
# shellcheck disable=SC2154 # WS_SHOWN, REPLY and the data arrays come from the runner and setup.sh

lesson_check() {
  lesson_data
  local expected=${#TOOL_NAMES[@]} files answer wc_path

  step "tools/ still holds the files learn start made"
  shopt -s nullglob
  files=(tools/*)
  shopt -u nullglob
  [ -d tools ] || fail "tools/: missing from $WS_SHOWN (learn reset 1 brings it back)" || return
  [ "${#files[@]}" -eq "$expected" ] ||
    fail "tools/: holds ${#files[@]} files, learn start made $expected (learn reset 1 restores them)" || return

  step "count.txt holds the number of files in tools/"
  need_file count.txt || return
  first_line count.txt
  answer=$REPLY
  shown "$answer"
  [[ $answer =~ ^[0-9]+$ ]] || fail "count.txt: expected just a number, found $REPLY" || return
  if [ "$answer" -eq $((expected + 1)) ]; then
    fail "count.txt: says $answer, one more than the files in tools/." \
      "Did you count the 'total' line that ls -l prints first?" || return
  fi
  [ "$answer" -eq "$expected" ] ||
    fail "count.txt: says $answer, which is not the number of files in tools/" || return

  step "wc-path.txt holds the full path of the wc program"
  need_file wc-path.txt || return
  first_line wc-path.txt
  answer=$REPLY
  shown "$answer"
  case "$answer" in
    /*) ;;
    *) fail "wc-path.txt: found $REPLY; a full path starts with / (which wc prints one)" || return ;;
  esac
  wc_path=$(type -P wc)
  [ "$answer" -ef "$wc_path" ] ||
    fail "wc-path.txt: found $REPLY, but the wc on your PATH is $wc_path" || return

  step "largest.txt names the biggest file in tools/"
  need_file largest.txt || return
  first_line largest.txt
  answer=${REPLY#tools/}
  shown "$answer"
  [ "$answer" = "$LARGEST" ] ||
    fail "largest.txt: names $REPLY, which is not the biggest file in tools/" || return

  step "lines-option.txt holds the line of wc --help about counting lines"
  need_file lines-option.txt || return
  local help want='' line
  help=$(wc --help 2>&1)
  while IFS= read -r line; do
    [[ $line == *--lines* ]] && want=$line && break
  done <<<"$help"
  local lines=0 match=''
  while IFS= read -r line || [ -n "$line" ]; do
    line=${line//$'\r'/}
    [ -n "${line//[[:space:]]/}" ] || continue
    lines=$((lines + 1))
    [ "${line//[[:space:]]/}" = "${want//[[:space:]]/}" ] && match=1
  done <lines-option.txt
  [ -z "$match" ] || [ "$lines" -le 2 ] ||
    fail "lines-option.txt: holds $lines lines of text; keep only the one about --lines" \
      "(grep keeps the lines holding a word)" || return
  [ -z "$match" ] || return 0
  first_line lines-option.txt
  shown "$REPLY"
  fail "lines-option.txt: starts with $REPLY, and no line of it is the line of wc --help" \
    "about --lines (wc --help shows them all; grep keeps the lines holding a word)" || return
}
