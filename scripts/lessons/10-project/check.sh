#!/usr/bin/env bash
# Lesson 10 check: a project in the workspace, committed, whose own make lint test passes.
# shellcheck disable=SC2154 # WS_SHOWN and REPLY come from the runner

lesson_check() {
  local dir='' candidate out

  step "a project with a Makefile is in the workspace"
  for candidate in */; do
    [ -f "$candidate/Makefile" ] && dir=${candidate%/} && break
  done
  [ -n "$dir" ] ||
    fail "$WS_SHOWN: no folder with a Makefile in it (cookiecutter makes one)" || return

  step "$dir is a git repository with a commit"
  git -C "$dir" rev-parse --is-inside-work-tree >/dev/null 2>&1 ||
    fail "$dir: not a git repository (git init)" || return
  git -C "$dir" rev-parse --verify -q HEAD >/dev/null ||
    fail "$dir: no commit yet (git add ., then git commit -m \"...\")" || return

  step "make lint test passes in $dir"
  [ -d "$dir/.venv" ] || fail "$dir/.venv: missing; run make install first" || return
  out=$(cd "$dir" && timeout 900 make lint test 2>&1)
  local rc=$?
  [ "$rc" -eq 0 ] || fail "make lint test: failed (exit $rc); its last line: ${out##*$'\n'}" || return
}
