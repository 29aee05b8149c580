#!/usr/bin/env bash
# Lesson 10 check: the project made from the kit's template, a test of the learner's own,
# committed by them, and the project's own make lint test green.
# shellcheck disable=SC2154 # WS_SHOWN, REPLY and LEARN_ROOT come from the runner

# The kit's template, next to the runner (in the kit and in a checkout alike).
template_dir() { REPLY=${LEARN_ROOT%/*}/template/'{{cookiecutter.project_slug}}'; }

# Prints the recipe lines of the targets matching TARGET (a regex) in MAKEFILE, without
# leading tabs, leaving out Jinja lines and whatever only some projects get ({% if %}).
recipe_of() {
  awk -v target="$1" '
    /^\{%-? *if / { depth++; inside = 0; next }
    /^\{%-? *endif/ { depth--; inside = 0; next }
    $0 ~ "^(" target "):" { inside = (depth == 0); next }
    inside && /^\t/ { sub(/^\t+/, ""); if ($0 !~ /\{[{%]/) print; next }
    inside && !/^[[:space:]]*$/ { inside = 0 }' "$2"
}

# Prints the names of the test functions in the .py files under DIR.
test_names() {
  grep -rhoE --include='*.py' '^[[:space:]]*(async[[:space:]]+)?def[[:space:]]+test[A-Za-z0-9_]*' \
    "$1" 2>/dev/null | sed -E 's/.*def[[:space:]]+//' | sort -u
}

# The lines of make's output that say why it failed, in the tools' own words.
tool_reasons() {
  grep -E 'would reformat|^[^ ]+:[0-9]+:[0-9]+: [A-Z][0-9]{4}|: error:|^(FAILED|ERROR) |^E  +|Required test coverage|No such file|command not found|\*\*\* ' \
    <<<"$1" | head -n 6
}

lesson_check() {
  local dir='' candidate out template line mine=() name who email
  template_dir
  template=$REPLY

  step "a project made from the kit's template is in the workspace"
  for candidate in */; do
    [ -f "$candidate/Makefile" ] && dir=${candidate%/} && break
  done
  [ -n "$dir" ] ||
    fail "$WS_SHOWN: no folder with a Makefile in it (learn reset 10 makes the project again)" ||
    return
  [ -f "$dir/pyproject.toml" ] && [ -d "$dir/src" ] && [ -d "$dir/tests" ] ||
    fail "$dir: no pyproject.toml, src/ and tests/: not a project from the kit's template" \
      "(cookiecutter \"\$BEACHHOUSE_KIT/template\" makes one)" || return
  git -C "$dir" rev-parse --is-inside-work-tree >/dev/null 2>&1 ||
    fail "$dir: not a git repository (the template makes one; else: git init)" || return
  if [ -f "$template/Makefile" ]; then
    # lint and test, and the parts they hand to a sub-make (lint-code, test-code, ...).
    for target in 'lint(-[a-z]+)?' 'test(-[a-z]+)?'; do
      while IFS= read -r line; do
        [ -z "$line" ] && continue
        grep -qxF -e "$(printf '\t')$line" "$dir/Makefile" ||
          fail "$dir/Makefile: its ${target%%(*} target does not run '$line' as the template's does" \
            "(the check runs the template's make lint test: git checkout Makefile restores it)" ||
          return
      done < <(recipe_of "$target" "$template/Makefile")
    done
  fi

  step "you added a test of your own to $dir/tests/"
  while IFS= read -r name; do
    [ -n "$name" ] && mine+=("$name")
  done < <(comm -23 <(test_names "$dir/tests") <(test_names "$template/tests"))
  [ "${#mine[@]}" -gt 0 ] ||
    fail "$dir/tests/: only the template's tests; add a def test_... of your own for a function" \
      "you add to the package" || return

  step "git knows who you are"
  who=$(git -C "$dir" var GIT_AUTHOR_IDENT 2>/dev/null) ||
    fail "git: no name and email for your commits; tell it once:" \
      "git config --global user.name \"Your Name\"; git config --global user.email you@example.com" ||
    return
  email=${who#*<}
  email=${email%%>*}

  step "your change is committed, by you, with nothing left uncommitted"
  # No index refresh: a watch must not take the check's own writes for the learner's.
  out=$(GIT_OPTIONAL_LOCKS=0 git -C "$dir" status --porcelain 2>&1)
  [ -z "$out" ] || fail "$dir: not committed yet: $(printf '%s' "$out" | head -n 3 | tr '\n' ' ')" \
    "(git add, then git commit -m \"...\")" || return
  line=$(git -C "$dir" log --format='%h %ae %an' -S "def ${mine[0]}" -- tests 2>/dev/null |
    tail -n 1)
  [ -n "$line" ] || fail "$dir: no commit adds ${mine[0]} (git add, then git commit)" || return
  read -r candidate who <<<"$line"
  [ "${who%% *}" = "$email" ] ||
    fail "$dir: commit $candidate, which adds ${mine[0]}, is by ${who#* } <${who%% *}>, not by you <$email>" \
      "(commit your own change: git add, then git commit)" || return

  step "make lint test passes in $dir"
  [ -x "$dir/.venv/bin/python" ] || fail "$dir/.venv: missing; run make install first" || return
  local junit rc
  junit=$(mktemp) || return
  # pytest's report proves that the tests, yours among them, really ran and passed.
  out=$(cd "$dir" && PYTEST_ADDOPTS="${PYTEST_ADDOPTS:-} --junitxml=$junit" timeout 900 make lint test 2>&1)
  rc=$?
  if [ "$rc" -ne 0 ]; then
    rm -f "$junit"
    local reasons=() here there
    # Paths as the learner sees them from the project's folder, not absolute.
    here=$(cd "$dir" && pwd -L) there=$(cd "$dir" && pwd -P)
    while IFS= read -r line; do
      line=${line//"$here/"/}
      reasons+=("${line//"$there/"/}")
    done < <(tool_reasons "$out")
    [ "${#reasons[@]}" -gt 0 ] || reasons=("${out##*$'\n'}")
    detail "--- the last lines of make lint test:" "$(tail -n 30 <<<"$out")"
    fail "make lint test: failed (exit $rc); the tools say:" "${reasons[@]}" || return
  fi
  grep -q "name=\"${mine[0]}" "$junit" ||
    { rm -f "$junit"; fail "make test: ran no test named ${mine[0]}: does make test run pytest on tests/?" || return; }
  rm -f "$junit"
}
