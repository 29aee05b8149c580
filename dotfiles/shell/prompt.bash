# shellcheck shell=bash
# bash's prompt: [platform] (venv) cwd (branch*) $
# PS1 is set once; it reads variables that a PROMPT_COMMAND hook refreshes, so
# drawing it forks nothing (a $(...) in PS1 would fork on every prompt).

__beachhouse_prompt_refresh() {
  local ret="$?"
  _beachhouse_prompt_info
  return "${ret}" # hooks after this one may show the last command's status
}
_beachhouse_prompt_command_add __beachhouse_prompt_refresh

_beachhouse_ps1() {
  # Colour unless the user opted out (https://no-color.org) or the terminal can't.
  local tag='' venv='' cwd='' git='' off=''
  if [ -z "${NO_COLOR:-}" ] && [ "${TERM:-dumb}" != dumb ]; then
    tag='\[\e[35m\]' venv='\[\e[33m\]' cwd='\[\e[1;34m\]' git='\[\e[32m\]' off='\[\e[0m\]'
  fi
  # Single quotes: the variables are expanded when the prompt is drawn. Their
  # values are not expanded again, so a branch named $(rm -rf ~) stays text.
  # shellcheck disable=SC2016,SC2154 # see above; prompt.sh sets them before each prompt
  PS1="${tag}"'${_beachhouse_tag:+[${_beachhouse_tag}] }'"${off}${venv}"'${_beachhouse_venv:+(${_beachhouse_venv}) }'"${off}${cwd}"'\w'"${off}${git}"'${_beachhouse_git:+ (${_beachhouse_git})}'"${off}"'\$ '
}
_beachhouse_ps1
unset -f _beachhouse_ps1
