# shellcheck shell=bash
# shellcheck source-path=SCRIPTDIR
# The kit's interactive bash. ~/.bashrc's managed block sources this file; it
# sources the pieces below, in an order that matters (see each line).

case "$-" in
  *i*) ;;
  *) return 0 ;; # scripts and scp get nothing: start-up cost and surprises
esac

case "${BASH_SOURCE[0]}" in
  */*) _beachhouse_dir="${BASH_SOURCE[0]%/*}" ;;
  *) _beachhouse_dir=. ;;
esac

# Add a hook to PROMPT_COMMAND once, after whatever the platform or the user put
# there (AWS's /etc/bashrc sets one; bash 5.1 also allows an array).
_beachhouse_prompt_command_add() {
  if [ "${BASH_VERSINFO[0]}${BASH_VERSINFO[1]}" -ge 51 ] && [[ "${PROMPT_COMMAND@a}" == *a* ]]; then
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
. "${_beachhouse_dir}/aliases.sh" # after projects.sh: the user's aliases win
. "${_beachhouse_dir}/prompt.sh"
. "${_beachhouse_dir}/prompt.bash"
. "${_beachhouse_dir}/completion.bash"
# The lessons' `learn` command, when the kit has them.
if [ -n "${BEACHHOUSE_KIT:-}" ] && [ -r "${BEACHHOUSE_KIT}/scripts/learn.sh" ]; then
  # shellcheck source=/dev/null # another part of the kit, found at run time
  . "${BEACHHOUSE_KIT}/scripts/learn.sh"
fi

unset _beachhouse_dir
_beachhouse_loaded=1 # the login file's block then does not read ~/.bashrc twice
