#!/usr/bin/env bash
# Lesson 5 check: hello.sh's shebang, its strict mode as bash sees it, its mode, and how it
# behaves with no name, names of the check's choosing, and an unknown option.
# shellcheck disable=SC2154 # REPLY comes from the runner

# Runs ./hello.sh with the given arguments: OUT, ERR and CODE. A script that waits for
# input or never ends is stopped after 5 seconds. PROBE_ENV adds to its environment.
run_hello() {
  local errfile
  errfile=$(mktemp) || return
  OUT=$(env "${PROBE_ENV[@]}" timeout 5 ./hello.sh "$@" </dev/null 2>"$errfile")
  CODE=$?
  ERR=$(<"$errfile")
  rm -f "$errfile"
}

# STRICT = the shell options hello.sh ends with ("e u pipefail" when all are on): bash runs
# BASH_ENV before a script, and the EXIT trap set there reports what the script turned on.
strict_options() {
  local dir
  dir=$(mktemp -d) || return
  # shellcheck disable=SC2016 # expanded by the learner's script's bash
  printf '%s\n' 'trap '\''__o=; case $- in *e*) __o+="e ";; esac; case $- in *u*) __o+="u ";; esac' \
    '[[ -o pipefail ]] && __o+="pipefail"; printf "%s\n" "$__o" >"$__LEARN_OPTS"'\'' EXIT' \
    >"$dir/probe"
  PROBE_ENV=(BASH_ENV="$dir/probe" __LEARN_OPTS="$dir/opts")
  run_hello
  PROBE_ENV=()
  STRICT=''
  [ ! -f "$dir/opts" ] || STRICT=$(<"$dir/opts")
  rm -rf "$dir"
  [ -n "$STRICT" ] || STRICT=none
}

# NAMES = three names, one with a space, picked afresh at every check.
pick_names() {
  local first=(Ada Grace Linus Margaret Dennis Barbara Ken Radia Guido Frances Hedy Alan
    Katherine Edsger Donald Annie Tim Sophie John Joan Niklaus Lynn Bjarne Evelyn)
  local last=(Lovelace Hopper Hamilton Ritchie Liskov Perlman Lamarr Turing Knuth Allen)
  NAMES=("${first[RANDOM % ${#first[@]}]}"
    "${first[RANDOM % ${#first[@]}]} ${last[RANDOM % ${#last[@]}]}"
    "${first[RANDOM % ${#first[@]}]}")
  OPTION=$(printf '%s\n' --loud --shout -x -q --color | shuf -n 1)
}

lesson_check() {
  local line want name
  PROBE_ENV=()
  pick_names

  step "hello.sh starts with a bash shebang"
  need_file hello.sh || return
  first_line hello.sh
  line=$REPLY
  shown "$line"
  [[ $line =~ ^#![[:space:]]*(/usr/bin/env[[:space:]]+bash|/bin/bash|/usr/bin/bash)([[:space:]].*)?$ ]] ||
    fail "hello.sh: line 1 is $REPLY, expected #!/usr/bin/env bash" || return

  step "hello.sh is executable"
  [ -x hello.sh ] || fail "hello.sh: not executable (ls -l shows -rw-...; chmod +x adds the x)" ||
    return

  step "hello.sh turns strict mode on: errexit, nounset and pipefail"
  strict_options
  case "$STRICT" in
    "e u pipefail") ;;
    none) fail "./hello.sh: bash could not tell which options it ended with" \
      "(does it replace the EXIT trap, or exit through exec?)" || return ;;
    *)
      local missing=()
      [[ $STRICT == *e* ]] || missing+=("-e (errexit)")
      [[ $STRICT == *u* ]] || missing+=("-u (nounset)")
      [[ $STRICT == *pipefail* ]] || missing+=("-o pipefail")
      fail "./hello.sh: runs without ${missing[*]}; set -euo pipefail turns all three on" || return
      ;;
  esac

  step "./hello.sh prints Hello, world!"
  run_hello
  [ "$CODE" -eq 0 ] || fail "./hello.sh: exited with code $CODE${ERR:+, saying: ${ERR%%$'\n'*}}" ||
    return
  shown "$OUT"
  [ "$OUT" = "Hello, world!" ] || fail "./hello.sh: printed $REPLY" || return

  step "./hello.sh NAME... greets each name on a line of its own"
  run_hello "${NAMES[0]}"
  shown "$OUT"
  [ "$CODE" -eq 0 ] && [ "$OUT" = "Hello, ${NAMES[0]}!" ] ||
    fail "./hello.sh ${NAMES[0]}: printed $REPLY and exited with code $CODE; expected 'Hello, ${NAMES[0]}!'" ||
    return
  run_hello "${NAMES[@]}"
  want=''
  for name in "${NAMES[@]}"; do want+="Hello, $name!"$'\n'; done
  want=${want%$'\n'}
  if [ "$CODE" -ne 0 ] || [ "$OUT" != "$want" ]; then
    shown "${OUT//$'\n'/ | }"
    fail "./hello.sh ${NAMES[0]} \"${NAMES[1]}\" ${NAMES[2]}: printed $REPLY (exit code $CODE)" \
      "expected three lines: ${want//$'\n'/ | }" \
      "(for name in \"\$@\" visits every argument; the quotes keep \"${NAMES[1]}\" one name)" ||
      return
  fi

  step "given an unknown option, hello.sh explains its usage on standard error and exits 2"
  run_hello "$OPTION" "${NAMES[0]}"
  [ "$CODE" -eq 2 ] ||
    fail "./hello.sh $OPTION ${NAMES[0]}: exited with code $CODE, expected 2" || return
  shown "$OUT"
  [ -z "$OUT" ] || fail "./hello.sh $OPTION ${NAMES[0]}: printed $REPLY to standard output" \
    "(messages about wrong usage go to standard error: echo ... >&2)" || return
  [ -n "$ERR" ] ||
    fail "./hello.sh $OPTION ${NAMES[0]}: printed nothing to standard error" || return
}
