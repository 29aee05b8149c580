# shellcheck shell=bash
# Named virtualenvs and project shortcuts: `workon NAME`, and the commands that
# the generated projects.sh declares with `beachhouse_project NAME PATH VENV`.
# Sourced before it, then. Tab completion for workon lives in completion.*.

# Activate the venv at $1. activate runs `deactivate` on any venv already active.
_beachhouse_activate() {
  if [ ! -r "$1/bin/activate" ]; then
    printf 'beachhouse: no virtualenv at %s (create it: python3 -m venv %s)\n' "$1" "$1" >&2
    return 1
  fi
  # shellcheck disable=SC1091 # a venv's activate script exists only at run time
  . "$1/bin/activate"
}

# workon NAME: activate ~/.venvs/NAME. Without NAME, list the venvs there.
workon() {
  local dir="${BEACHHOUSE_VENVS_DIR:-${HOME}/.venvs}" venv
  if [ "$#" -eq 0 ]; then
    # zsh would stop at "no matches found" when the directory is empty.
    [ -z "${ZSH_VERSION:-}" ] || setopt local_options null_glob
    for venv in "${dir}"/*/bin/activate; do
      [ -e "${venv}" ] || continue
      venv="${venv%/bin/activate}"
      printf '%s\n' "${venv##*/}"
    done
    return 0
  fi
  case "$1" in
    '' | . | .. | */*)
      printf 'workon: %s is not a venv name (one of: workon with no argument lists them)\n' "$1" >&2
      return 2
      ;;
  esac
  _beachhouse_activate "${dir}/$1"
}

# Go to a project and activate its venv: the named one under the venvs dir, or
# the project's own .venv when no name was given and it exists.
_beachhouse_enter() {
  # Not `path`: in zsh that is PATH's array twin, and a local copy would undo
  # the venv's PATH change on return.
  local dest="$1" venv="$2"
  # A hand-edited projects.sh may say ~/src/x; quoted, the shell would not expand it.
  # shellcheck disable=SC2088 # matching a literal ~ is the point
  case "${dest}" in
    "~") dest="${HOME}" ;;
    "~/"*) dest="${HOME}/${dest#"~/"}" ;;
  esac
  cd -- "${dest}" || return
  if [ -n "${venv}" ]; then
    _beachhouse_activate "${BEACHHOUSE_VENVS_DIR:-${HOME}/.venvs}/${venv}"
  elif [ -r "${dest}/.venv/bin/activate" ]; then
    _beachhouse_activate "${dest}/.venv"
  fi
}

# beachhouse_project NAME PATH [VENV]: define the command NAME. The engine has
# validated NAME already; checking again costs nothing and keeps eval safe.
beachhouse_project() {
  case "$1" in
    '' | -* | *[!A-Za-z0-9_-]*)
      printf 'beachhouse: project name %s is not a safe identifier; skipped\n' "'$1'" >&2
      return 1
      ;;
  esac
  # Single-quote PATH and VENV for eval: close the quote, emit \', reopen.
  local q="'\\''"
  local dest="${2-}" venv="${3-}" # under `set -u` too: VENV is optional
  dest="'${dest//\'/${q}}'" venv="'${venv//\'/${q}}'"
  # An alias of the same name would shadow the function (and bash would expand
  # it inside the definition), so it goes first.
  unalias "$1" 2>/dev/null
  eval "function $1 { _beachhouse_enter ${dest} ${venv}; }"
}
