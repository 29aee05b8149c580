#!/usr/bin/env bash
# Shared vocabulary of the lesson runner: output, progress, per-learner randomness and the
# step/fail helpers every lesson's check.sh uses. Sourced by scripts/learn; defines functions only.
# shellcheck disable=SC2034 # the globals set here are read by scripts/learn and the lessons

# ---------------------------------------------------------------- output
# Colour only on a terminal that can show it, and never when NO_COLOR is set.
learn_init_colour() {
  if [ -t 1 ] && [ -z "${NO_COLOR:-}" ] && [ "${TERM:-dumb}" != dumb ]; then
    C_BOLD=$'\e[1m' C_GREEN=$'\e[32m' C_RED=$'\e[31m' C_DIM=$'\e[2m' C_OFF=$'\e[0m'
  else
    C_BOLD='' C_GREEN='' C_RED='' C_DIM='' C_OFF=''
  fi
  case "${LC_ALL:-${LC_CTYPE:-${LANG:-}}}" in
    *UTF-8* | *utf8* | *UTF8* | *utf-8*) MARK_OK='✓' MARK_NO='✗' ;;
    *) MARK_OK='+' MARK_NO='x' ;;
  esac
}

say() { printf '%s\n' "$*"; }
warn() { printf 'learn: warning: %s\n' "$*" >&2; }
err() { printf 'learn: %s\n' "$*" >&2; }
die() {
  err "$@"
  exit 1
}
# A path as the learner would type it: ~/... rather than /home/them/...
tildify() {
  case "$1" in
    "$HOME"/*) REPLY=\~/${1#"$HOME"/} ;;
    "$HOME") REPLY="~" ;;
    *) REPLY=$1 ;;
  esac
}

# ---------------------------------------------------------------- lessons on disk
# Fills LESSON_DIRS[n]=<dir> and LESSON_NAMES[n]=<NN-name> for every lesson folder.
learn_scan_lessons() {
  local dir base
  LESSON_DIRS=() LESSON_NAMES=() LESSON_MAX=0
  for dir in "$LEARN_LESSONS"/[0-9][0-9]-*/; do
    [ -f "$dir/check.sh" ] || continue
    dir=${dir%/}
    base=${dir##*/}
    LESSON_DIRS[10#${base%%-*}]=$dir
    LESSON_NAMES[10#${base%%-*}]=$base
    LESSON_MAX=$((10#${base%%-*}))
  done
}

# The lesson's title is the first heading of its README: "# Lesson 3 · Input and output".
lesson_title() {
  local line=''
  IFS= read -r line <"${LESSON_DIRS[$1]}/README.md" || true
  line=${line#\# }
  REPLY=${line#*· }
}

# Sets N (a number) from a user's argument, or dies with one clear line.
parse_lesson_number() {
  local arg=$1
  if [[ ! $arg =~ ^[0-9]{1,2}$ ]] || [ -z "${LESSON_DIRS[10#$arg]:-}" ]; then
    err "no lesson '$arg': lessons are numbered 1 to $LESSON_MAX (see \`learn list\`)."
    exit 2
  fi
  N=$((10#$arg))
}

workspace_of() { REPLY="$LEARN_HOME/${LESSON_NAMES[$1]}"; }

# ---------------------------------------------------------------- progress
# The progress file is JSON that this runner writes one lesson per line, so bash can read it
# back without jq. SEED, CURRENT, STATUS[n] (started|done) and HINTS[n] come from it.
progress_load() {
  local line
  SEED='' CURRENT=0 STATUS=() HINTS=()
  [ -f "$LEARN_PROGRESS" ] || return 0
  while IFS= read -r line || [ -n "$line" ]; do
    if [[ $line =~ \"seed\":\ *([0-9]+) ]]; then
      SEED=${BASH_REMATCH[1]}
    elif [[ $line =~ \"current\":\ *([0-9]+) ]]; then
      CURRENT=$((10#${BASH_REMATCH[1]}))
    elif [[ $line =~ \"([0-9]+)\":\ *\{\"status\":\ *\"([a-z]+)\",\ *\"hints\":\ *([0-9]+)\} ]]; then
      STATUS[10#${BASH_REMATCH[1]}]=${BASH_REMATCH[2]}
      HINTS[10#${BASH_REMATCH[1]}]=${BASH_REMATCH[3]}
    fi
  done <"$LEARN_PROGRESS"
  if [ -z "$SEED" ]; then
    tildify "$LEARN_PROGRESS"
    die "$REPLY has no seed in it: move it aside (mv $REPLY{,.bak}) to start afresh."
  fi
}

# A seed is made once, at the first `learn start`, and kept: the data each lesson generates
# and the answers its check expects both come from it.
progress_ensure_seed() {
  [ -n "$SEED" ] && return 0
  SEED=${BEACHHOUSE_LEARN_SEED:-$(((RANDOM << 15 | RANDOM) % 1000000000))}
}

progress_save() {
  local n sep='' tmp body
  body=$'{\n  "version": 1,\n  "seed": '"$SEED"$',\n  "current": '"$CURRENT"$',\n  "lessons": {'
  for n in "${!STATUS[@]}"; do
    printf -v body '%s%s\n    "%02d": {"status": "%s", "hints": %d}' \
      "$body" "$sep" "$n" "${STATUS[$n]}" "${HINTS[$n]:-0}"
    sep=,
  done
  body+=$'\n  }\n}\n'
  mkdir -p "${LEARN_PROGRESS%/*}" || die "cannot create ${LEARN_PROGRESS%/*}"
  tmp="$LEARN_PROGRESS.tmp.$$"
  if ! { printf '%s' "$body" >"$tmp" && mv -f "$tmp" "$LEARN_PROGRESS"; }; then
    rm -f "$tmp"
    die "cannot write $LEARN_PROGRESS"
  fi
}

# ---------------------------------------------------------------- per-learner randomness
# A small LCG in shell arithmetic: no subprocess, and the same numbers for setup and check.
rng_init() { RNG_STATE=$(((SEED * 7919 + $1 * 104729 + 12345) % 2147483648)); }
# REPLY = a number in [0, $1)
rng() {
  RNG_STATE=$(((RNG_STATE * 1103515245 + 12345) % 2147483648))
  REPLY=$(((RNG_STATE >> 8) % $1))
}
# REPLY = one of the arguments
rng_pick() {
  rng $#
  local args=("$@")
  REPLY=${args[$REPLY]}
}

# ---------------------------------------------------------------- checks
# A check is a sequence of `step "what must be true"` each followed by tests that call
# `fail "what I looked at: what I found"` (which returns 1) and `|| return`.
STEP_N=0 STEP_TEXT=''
step() {
  step_passed
  STEP_N=$((STEP_N + 1))
  STEP_TEXT=$1
}
step_passed() {
  if [ -n "$STEP_TEXT" ]; then
    printf '  %s%s%s %d. %s\n' "$C_GREEN" "$MARK_OK" "$C_OFF" "$STEP_N" "$STEP_TEXT"
  fi
  STEP_TEXT=''
}
fail() {
  printf '  %s%s %d. %s%s\n' "$C_RED" "$MARK_NO" "$STEP_N" "$STEP_TEXT" "$C_OFF"
  local line
  for line in "$@"; do
    printf '     %s\n' "$line"
  done
  STEP_TEXT=''
  return 1
}

# Helpers lessons share. Each fails with evidence, so callers only add `|| return`.
need_file() {
  [ -f "$1" ] || fail "$1: no such file in $WS_SHOWN" || return
}
need_dir() {
  [ -d "$1" ] || fail "$1/: no such directory in $WS_SHOWN" || return
}
# REPLY = the file's first line with surrounding blanks removed.
first_line() {
  REPLY=''
  IFS= read -r REPLY <"$1" || true
  REPLY=${REPLY//$'\r'/}
  REPLY=${REPLY#"${REPLY%%[![:space:]]*}"}
  REPLY=${REPLY%"${REPLY##*[![:space:]]}"}
}
# Quote what the learner wrote, shortened, for an evidence line.
shown() {
  local s=$1
  [ "${#s}" -gt 60 ] && s="${s:0:57}..."
  REPLY="'$s'"
}

# The python3 a check runs: the workspace's own venv if the learner made one, else PATH's.
lesson_python() {
  if [ -x "$WS/.venv/bin/python" ]; then
    REPLY="$WS/.venv/bin/python"
  elif REPLY=$(type -P python3); then
    :
  else
    fail "python3: not found on PATH" "Install Python 3 (the kit's bootstrap does) and check again."
  fi
}

# ---------------------------------------------------------------- the learner's live shell
# scripts/learn.sh runs us from a shell function and hands over what a child process cannot
# see: which shell, its aliases, and the names of its variables (exported or not).
live_known() { [ -n "${BEACHHOUSE_LEARN_SHELL:-}" ]; }
live_has_alias() {
  local line name
  while IFS= read -r line; do
    line=${line#alias }
    name=${line%%=*}
    [ "$name" = "$1" ] && return 0
  done <<<"${BEACHHOUSE_LEARN_ALIASES:-}"
  return 1
}
live_has_var() {
  case $'\n'"${BEACHHOUSE_LEARN_VARS:-}"$'\n' in
    *$'\n'"$1"$'\n'*) return 0 ;;
  esac
  return 1
}
live_has_function() {
  case $'\n'"${BEACHHOUSE_LEARN_FUNCS:-}"$'\n' in
    *$'\n'"$1"$'\n'*) return 0 ;;
  esac
  return 1
}
# The learner's shell: the one that ran the learn function, else their login shell.
learner_shell() {
  REPLY=${BEACHHOUSE_LEARN_SHELL:-${SHELL##*/}}
  case "$REPLY" in
    zsh) ;;
    *) REPLY=bash ;;
  esac
}

# Run a lesson's Python checker, which prints "STEP what must be true" lines, "FAIL evidence"
# lines at the first unmet one, and "OK" when all pass; show them as this runner's own steps.
python_steps() {
  local line ok='' last='' evidence=()
  lesson_python || return
  local python=$REPLY
  while IFS= read -r line; do
    case "$line" in
      "STEP "*) step "${line#STEP }" ;;
      "FAIL "*) evidence+=("${line#FAIL }") ;;
      OK) ok=1 ;;
      *) [ -z "$line" ] || last=$line ;;
    esac
  done < <(PYTHONPATH="$LEARN_ROOT/lib" "$python" "$@" 2>&1)
  [ "${#evidence[@]}" -eq 0 ] || fail "${evidence[@]}" || return
  [ -n "$ok" ] || fail "the lesson's checker stopped early: ${last:-no output} (python: $python)" ||
    return
}

# ---------------------------------------------------------------- workspaces
# What a lesson keeps out of the home (lesson 10's venv) lives in a private folder of the
# temporary disk, behind a link in the workspace; it goes with the workspace.
OUTSIDE_PREFIX=beachhouse-lesson-venv

# Makes a new such folder (mode 0700); REPLY is its path.
make_outside() {
  REPLY=$(mktemp -d "${TMPDIR:-/tmp}/$OUTSIDE_PREFIX.XXXXXX")
}

# Deletes the folders of this kind that links in the workspace $1 point into.
drop_outside() {
  local link to
  while IFS= read -r -d '' link; do
    to=$(readlink "$link") || continue
    to=${to%/*}
    case "$to" in
      "${TMPDIR:-/tmp}/$OUTSIDE_PREFIX".??????) [ -O "$to" ] && rm -rf -- "$to" ;;
    esac
  done < <(find "$1" -maxdepth 3 -type l -name .venv -print0 2>/dev/null)
}

# Delete everything inside a folder, dotfiles too, but keep the folder itself: a shell
# standing in it keeps a working directory.
empty_dir() {
  [ -d "$1" ] || return 0
  drop_outside "$1"
  find "$1" -mindepth 1 -maxdepth 1 -exec rm -rf -- {} + 2>/dev/null
  [ -z "$(find "$1" -mindepth 1 -maxdepth 1 -print -quit)" ]
}

# Extra evidence that only `learn check --verbose` shows.
detail() {
  [ -n "${LEARN_VERBOSE:-}" ] || return 0
  local line
  for line in "$@"; do printf '     %s%s%s\n' "$C_DIM" "$line" "$C_OFF"; done
}

# A step this run cannot see (the watch cannot see the learner's live shell): said, not failed.
skip() {
  step_passed
  STEP_N=$((STEP_N + 1))
  printf '  - %d. %s: not checked here\n' "$STEP_N" "$1"
  shift
  local line
  for line in "$@"; do printf '     %s\n' "$line"; done
}
