# zsh's prompt: [platform] (venv) cwd (branch*) %
# A precmd hook rebuilds PROMPT from prompt.sh's variables: no PROMPT_SUBST, no
# vcs_info, no process unless inside a git repository.

# An oh-my-zsh theme the user chose keeps the prompt.
if (( ${+functions[omz]} )) && [[ -n ${ZSH_THEME:-} ]]; then
  return 0
fi

_beachhouse_precmd() {
  local ret=$?
  _beachhouse_prompt_info
  # %-escape the values: they are text, not prompt sequences.
  local tag=${_beachhouse_tag//\%/%%} venv=${_beachhouse_venv//\%/%%} git=${_beachhouse_git//\%/%%}
  local c_tag= c_venv= c_cwd= c_git= off=
  if [[ -z ${NO_COLOR:-} && ${TERM:-dumb} != dumb ]]; then
    c_tag='%F{magenta}' c_venv='%F{yellow}' c_cwd='%B%F{blue}' c_git='%F{green}' off='%f%b'
  fi
  PROMPT="${tag:+${c_tag}[${tag}]${off} }${venv:+${c_venv}(${venv})${off} }${c_cwd}%~${off}${git:+ ${c_git}(${git})${off}}%# "
  return $ret
}

autoload -Uz add-zsh-hook
add-zsh-hook precmd _beachhouse_precmd
