#!/usr/bin/env bash
# Lesson 2 check: the inbox is tidied, where.txt is right, and the shell stands in projects/demo.
# shellcheck disable=SC2154 # WS, WS_SHOWN, LEARNER_PWD, REPLY and the data come from the runner

lesson_check() {
  lesson_data
  local data=projects/demo/data name body left=()

  step "the folder projects/demo/data exists"
  need_dir "$data" || return

  step "projects/demo/data/$CSV_NAME is a copy of the one in inbox/"
  [ -f "$data/$CSV_NAME" ] || fail "$data/: no file named $CSV_NAME" || return
  body=$(<"$data/$CSV_NAME")
  [ "$body" = "$CSV_BODY" ] ||
    fail "$data/$CSV_NAME: its contents differ from the file learn start made" || return
  [ -f "inbox/$CSV_NAME" ] ||
    fail "inbox/$CSV_NAME: gone; copy (cp) keeps the original, and this one should stay" \
      "(learn reset 2 starts the lesson over)" || return

  step "inbox/$REPORT_NAME was moved to projects/demo/README.md"
  [ -f projects/demo/README.md ] || fail "projects/demo/README.md: no such file" || return
  body=$(<projects/demo/README.md)
  [ "$body" = "$REPORT_BODY" ] ||
    fail "projects/demo/README.md: does not hold the report from inbox/$REPORT_NAME" || return
  [ ! -e "inbox/$REPORT_NAME" ] ||
    fail "inbox/$REPORT_NAME: still there; mv moves a file, cp copies it" || return

  step "every .tmp file in inbox/ is deleted, and nothing else"
  for name in "${TMP_NAMES[@]}"; do
    [ ! -e "inbox/$name" ] || left+=("$name")
  done
  [ "${#left[@]}" -eq 0 ] || fail "inbox/: still holds ${left[*]}" || return
  for name in "${KEEP_NAMES[@]}"; do
    [ -f "inbox/$name" ] ||
      fail "inbox/$name: deleted, but only the .tmp files had to go (learn reset 2 starts over)" ||
      return
  done

  step "where.txt holds the absolute path of projects/demo/data"
  need_file where.txt || return
  first_line where.txt
  local answer=$REPLY
  shown "$answer"
  case "$answer" in
    /*) ;;
    \~*) fail "where.txt: found $REPLY; the shell expands ~ on a command line, but a file keeps" \
      "the ~ as it is, and no program reading it knows your home: save what pwd prints" || return ;;
    *) fail "where.txt: found $REPLY; an absolute path starts with / (pwd prints one)" || return ;;
  esac
  [ "$answer" -ef "$data" ] && [ -d "$answer" ] ||
    fail "where.txt: found $REPLY, which is not the folder $WS/$data" || return

  if [ -n "${LEARN_WATCHING:-}" ]; then
    skip "your shell stands in projects/demo" \
      "the watch cannot see the shell you type in: there, cd into projects/demo and learn check"
    return 0
  fi
  step "your shell stands in projects/demo as you run learn check"
  tildify "$LEARNER_PWD"
  [ "$LEARNER_PWD" -ef projects/demo ] ||
    fail "your shell is in $REPLY; cd $WS_SHOWN/projects/demo, then learn check" || return
}
