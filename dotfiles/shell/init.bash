# shellcheck shell=bash
# shellcheck source-path=SCRIPTDIR
# The kit's interactive bash. The block at the top of ~/.bashrc sources this file
# before any line of the user's, so whatever those lines set wins; what has to wait
# for them (the prompt, aliases, the sizes a stock skel gives history) is settled once,
# at the first prompt. Everything here runs under `set -u` too.

# Once per process, whatever sources what (~/.bashrc and ~/.bash_profile reading each
# other, one a link to the other): the guard is set before anything can re-enter.
[ -z "${_beachhouse_loaded:-}" ] || return 0
_beachhouse_loaded=1
export -n _beachhouse_loaded # a `set -a` above must not hand it to child shells

case "$-" in
  *i*) ;;
  *) return 0 ;; # scripts, scp and `ssh host cmd` get nothing: start-up cost and surprises
esac

case "${BASH_SOURCE[0]}" in
  */*) _beachhouse_dir="${BASH_SOURCE[0]%/*}" ;;
  *) _beachhouse_dir=. ;;
esac

# Add a hook to PROMPT_COMMAND once, after whatever the platform or the user put
# there (AWS's /etc/bashrc sets one; bash 5.1 also allows an array).
_beachhouse_prompt_command_add() {
  if [ "${BASH_VERSINFO[0]}${BASH_VERSINFO[1]}" -ge 51 ] && [[ -v PROMPT_COMMAND && "${PROMPT_COMMAND@a}" == *a* ]]; then
    [[ " ${PROMPT_COMMAND[*]} " == *" $1 "* ]] || PROMPT_COMMAND+=("$1")
    return 0
  fi
  # shellcheck disable=SC2128,SC2178 # the string form: the array form returned above
  case "${PROMPT_COMMAND:-}" in
    *"$1"*) ;;
    '') PROMPT_COMMAND="$1" ;;
    *) PROMPT_COMMAND="${PROMPT_COMMAND}"$'\n'"$1" ;; # a newline: safe after a trailing ';'
  esac
}

# The first prompt: every line of the user's rc files has run. The kit fills in only
# what they left as the platform shipped it.
_beachhouse_settle() {
  _beachhouse_settled=1
  # Debian's skel sets 1000/2000 and bash's own default is 500: no choice of the user's,
  # so the kit's sizes apply; any other value a line of theirs set stays.
  case "${HISTSIZE-}" in '' | 500 | 1000) HISTSIZE="${BEACHHOUSE_HISTORY_SIZE:-100000}" ;; esac
  case "${HISTFILESIZE-}" in '' | 500 | 1000 | 2000) HISTFILESIZE="${HISTSIZE}" ;; esac
  beachhouse_path_dedupe # a stock line may have prepended ~/.local/bin again
  _beachhouse_add_aliases
  if _beachhouse_prompt_wanted; then
    _beachhouse_ps1
    # deactivate gives back _OLD_VIRTUAL_PS1: let that be the kit's prompt too.
    [ -z "${_OLD_VIRTUAL_PS1+set}" ] || _OLD_VIRTUAL_PS1="${PS1}"
    _beachhouse_prompt=1
    # The prompt shows the active venv itself; activate's "(name) " would show it twice.
    export VIRTUAL_ENV_DISABLE_PROMPT=1
  fi
  unset -f _beachhouse_add_aliases _beachhouse_ps1 _beachhouse_stock_prompt _beachhouse_prompt_wanted
}

. "${_beachhouse_dir}/env.sh"
. "${_beachhouse_dir}/workon.sh" # defines beachhouse_project, which projects.sh calls
# What the engine generates from config.yml, each file optional: settings
# (config.sh), the venvs dir (venvs.sh), project commands and the user's own
# aliases (projects.sh).
for _beachhouse_f in config.sh venvs.sh projects.sh; do
  if [ -r "${_beachhouse_dir}/${_beachhouse_f}" ]; then
    # shellcheck source=/dev/null # written by the engine at install time
    . "${_beachhouse_dir}/${_beachhouse_f}"
  fi
done
unset _beachhouse_f
. "${_beachhouse_dir}/history.bash"
. "${_beachhouse_dir}/aliases.sh" # defines them at the first prompt, where gaps show
. "${_beachhouse_dir}/prompt.sh"
. "${_beachhouse_dir}/prompt.bash"
. "${_beachhouse_dir}/completion.bash"

# The hooks again, once this file has run: ~/.bashrc's block calls this when the file is
# read a second time, whose own PROMPT_COMMAND=... line may have dropped them.
_beachhouse_hooks() {
  _beachhouse_prompt_command_add __beachhouse_history_append
  _beachhouse_prompt_command_add __beachhouse_prompt_refresh
}
# The lessons' `learn` command, when the kit has them.
if [ -n "${BEACHHOUSE_KIT:-}" ] && [ -r "${BEACHHOUSE_KIT}/scripts/learn.sh" ]; then
  # shellcheck source=/dev/null # another part of the kit, found at run time
  . "${BEACHHOUSE_KIT}/scripts/learn.sh"
fi

unset _beachhouse_dir
