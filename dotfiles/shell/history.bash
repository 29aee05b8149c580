# shellcheck shell=bash
# bash history: large, de-duplicated, timestamped, and written after every
# command, so parallel shells (tmux panes, reconnects) all keep theirs.

HISTSIZE="${BEACHHOUSE_HISTORY_SIZE:-100000}"
HISTFILESIZE="${HISTSIZE}"
HISTCONTROL=ignoreboth:erasedups
HISTTIMEFORMAT='%F %T  '
shopt -s histappend cmdhist

# Debian's stock ~/.bashrc (Google Cloud Shell's too) sets HISTFILESIZE=2000,
# and bash truncates the file the moment that line runs, before this block can
# raise the limit. So the kit keeps history in a file nothing else truncates,
# seeded once from ~/.bash_history. A HISTFILE the user chose is left alone.
if [ "${HISTFILE:-}" = "${HOME}/.bash_history" ]; then
  __beachhouse_histfile="${XDG_STATE_HOME:-${HOME}/.local/state}/beachhouse/bash_history"
  # First start only: make the file, seeded (mkdir and cp are its only processes).
  if [ ! -e "${__beachhouse_histfile}" ]; then
    [ -d "${__beachhouse_histfile%/*}" ] || command mkdir -p -- "${__beachhouse_histfile%/*}"
    if [ -e "${HISTFILE}" ]; then
      command cp -p -- "${HISTFILE}" "${__beachhouse_histfile}"
    else
      : >>"${__beachhouse_histfile}"
    fi
  fi 2>/dev/null
  # Where the file could not be made (a read-only HOME), history stays put.
  [ ! -e "${__beachhouse_histfile}" ] || HISTFILE="${__beachhouse_histfile}"
  unset __beachhouse_histfile
fi

__beachhouse_history_append() {
  local ret="$?"
  history -a
  return "${ret}"
}
_beachhouse_prompt_command_add __beachhouse_history_append
