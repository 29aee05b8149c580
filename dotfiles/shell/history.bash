# shellcheck shell=bash
# bash history: large, de-duplicated, timestamped, and written after every
# command, so parallel shells (tmux panes, reconnects) all keep theirs. It stays in
# the user's own HISTFILE. These are defaults: a line of the user's rc file after the
# kit's block wins (and a stock skel's sizes are raised at the first prompt).

HISTSIZE="${BEACHHOUSE_HISTORY_SIZE:-100000}"
HISTFILESIZE="${HISTSIZE}"
HISTCONTROL=ignoreboth:erasedups
HISTTIMEFORMAT='%F %T  '
shopt -s histappend cmdhist

__beachhouse_history_append() {
  local ret="$?"
  [ -n "${_beachhouse_settled:-}" ] || _beachhouse_settle
  history -a
  return "${ret}"
}
_beachhouse_prompt_command_add __beachhouse_history_append
