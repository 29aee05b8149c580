# shellcheck shell=bash
# bash's prompt: [platform] (venv) cwd (branch*) $
# PS1 is set once, at the first prompt, and only where the prompt is still the
# platform's stock one (or shell.prompt says kit); it reads variables that a
# PROMPT_COMMAND hook refreshes, so drawing it forks nothing.

__beachhouse_prompt_refresh() {
  local ret="$?"
  [ -n "${_beachhouse_settled:-}" ] || _beachhouse_settle
  [ -z "${_beachhouse_prompt:-}" ] || _beachhouse_prompt_info
  return "${ret}" # hooks after this one may show the last command's status
}
_beachhouse_prompt_command_add __beachhouse_prompt_refresh

# The prompts bash, Debian/Ubuntu's skel (plain, coloured, with the xterm title) and
# the Red Hat family's /etc/bashrc (Amazon Linux, Azure Linux) give a new account.
_beachhouse_stock_prompt() {
  # shellcheck disable=SC2016 # literal prompt strings, compared as text
  local skel='${debian_chroot:+($debian_chroot)}\u@\h:\w\$ '
  # shellcheck disable=SC2016
  local colour='${debian_chroot:+($debian_chroot)}\[\033[01;32m\]\u@\h\[\033[00m\]:\[\033[01;34m\]\w\[\033[00m\]\$ '
  local title='\[\e]0;\u@\h: \w\a\]' ps1="${PS1-}"
  # A venv activated before the first prompt put "(name) " before it and kept the
  # prompt it found in _OLD_VIRTUAL_PS1: that one is the prompt to judge.
  [ -z "${_OLD_VIRTUAL_PS1+set}" ] || ps1="${_OLD_VIRTUAL_PS1}"
  case "${ps1}" in
    '\s-\v\$ ' | '[\u@\h \W]\$ ' | "${skel}" | "${colour}" | "${title}${skel}" | "${title}${colour}") return 0 ;;
  esac
  return 1
}

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
