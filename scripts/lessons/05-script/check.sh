#!/usr/bin/env bash
# Lesson 5 check: hello.sh's first lines, mode and behaviour with 0, 1 and 2 arguments.
# shellcheck disable=SC2154 # REPLY and NAME come from the runner and setup.sh

# Runs ./hello.sh with the given arguments: OUT, ERR and CODE. A script that waits for
# input or never ends is stopped after 5 seconds.
run_hello() {
  local errfile
  errfile=$(mktemp) || return
  OUT=$(timeout 5 ./hello.sh "$@" </dev/null 2>"$errfile")
  CODE=$?
  ERR=$(<"$errfile")
  rm -f "$errfile"
}

lesson_check() {
  lesson_data
  local line

  step "hello.sh starts with a bash shebang"
  need_file hello.sh || return
  first_line hello.sh
  line=$REPLY
  shown "$line"
  [[ $line =~ ^#!(/usr/bin/env[[:space:]]+bash|/bin/bash|/usr/bin/bash)$ ]] ||
    fail "hello.sh: line 1 is $REPLY, expected #!/usr/bin/env bash" || return

  step "hello.sh turns on set -euo pipefail"
  grep -Eq '^[[:space:]]*set[[:space:]]+-(euo|eu[[:space:]]+-o)[[:space:]]+pipefail' hello.sh ||
    grep -Eq '^[[:space:]]*set[[:space:]]+-e[[:space:]]+-u[[:space:]]+-o[[:space:]]+pipefail' hello.sh ||
    fail "hello.sh: no line 'set -euo pipefail'" || return

  step "hello.sh is executable"
  [ -x hello.sh ] || fail "hello.sh: not executable (ls -l shows -rw-...; chmod +x adds the x)" ||
    return

  step "./hello.sh prints Hello, world!"
  run_hello
  [ "$CODE" -eq 0 ] || fail "./hello.sh: exited with code $CODE${ERR:+, saying: ${ERR%%$'\n'*}}" ||
    return
  shown "$OUT"
  [ "$OUT" = "Hello, world!" ] || fail "./hello.sh: printed $REPLY" || return

  step "./hello.sh NAME greets NAME"
  run_hello "$NAME"
  shown "$OUT"
  [ "$CODE" -eq 0 ] && [ "$OUT" = "Hello, $NAME!" ] ||
    fail "./hello.sh $NAME: printed $REPLY and exited with code $CODE; expected 'Hello, $NAME!'" ||
    return

  step "given two arguments, hello.sh explains its usage on standard error and exits 2"
  run_hello "$NAME" extra
  [ "$CODE" -eq 2 ] || fail "./hello.sh $NAME extra: exited with code $CODE, expected 2" || return
  shown "$OUT"
  [ -z "$OUT" ] || fail "./hello.sh $NAME extra: printed $REPLY to standard output" \
    "(messages about wrong usage go to standard error: echo ... >&2)" || return
  [ -n "$ERR" ] || fail "./hello.sh $NAME extra: printed nothing to standard error" || return
}
