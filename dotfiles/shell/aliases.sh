# shellcheck shell=bash
# Everyday aliases, defined at the first prompt (init.bash and init.zsh call
# _beachhouse_add_aliases then), once every line of the user's rc files has run: a
# name they have by then (their own alias or function, a project command, an `extra`
# alias from config.yml, an oh-my-zsh plugin) keeps its meaning; the kit only fills
# gaps. Defined earlier, an alias would also break a later `gd() { ...; }` of theirs,
# which the shell would read with the alias expanded.
# aliases.enabled: false in config.yml (BEACHHOUSE_ALIASES=0) turns them all off.

_beachhouse_add_aliases() {
  [ "${BEACHHOUSE_ALIASES:-1}" != 0 ] || return 0
  _beachhouse_alias() {
    alias "$1" >/dev/null 2>&1 && return 0
    typeset -f "$1" >/dev/null 2>&1 && return 0
    # shellcheck disable=SC2139 # expanding now is the point: $2 is the alias's text
    alias "$1=$2"
  }

  _beachhouse_alias ll 'ls -alF'
  _beachhouse_alias la 'ls -A'
  _beachhouse_alias .. 'cd ..'
  _beachhouse_alias ... 'cd ../..'

  _beachhouse_alias gs 'git status --short --branch'
  _beachhouse_alias ga 'git add'
  _beachhouse_alias gc 'git commit'
  _beachhouse_alias gd 'git diff'
  _beachhouse_alias gds 'git diff --staged'
  _beachhouse_alias gl 'git log --oneline --graph --decorate -20'
  _beachhouse_alias gp 'git push'
  _beachhouse_alias gco 'git checkout'
  _beachhouse_alias gb 'git branch'

  unset -f _beachhouse_alias
}

# Debian and Amazon Linux ship only `python3`; tutorials say `python`. This one is set
# at once, for scripts run with `bash -ic` too: it fills a gap of the system's, and a
# later alias of the user's replaces it. Inside a venv it still lands on the venv's
# python3, which comes first on PATH.
if [ "${BEACHHOUSE_ALIASES:-1}" != 0 ] && ! command -v python >/dev/null 2>&1 &&
  command -v python3 >/dev/null 2>&1; then
  alias python=python3
fi
