# zsh's prompt: [platform] (venv) cwd (branch*) %
# A precmd hook rebuilds PROMPT from prompt.sh's variables: no PROMPT_SUBST, no
# vcs_info, no process unless inside a git repository. At the first prompt, once the
# user's .zshrc has run, it settles what waits for that (aliases), and stays only
# where the prompt is still zsh's stock one or shell.prompt says kit: a prompt of the
# user's, a theme's (oh-my-zsh, powerlevel10k, starship) is kept.

# zsh's own default, which Debian's and Amazon Linux's /etc/zsh files leave alone.
# A venv activated before the first prompt kept the prompt it found in _OLD_VIRTUAL_PS1.
_beachhouse_stock_prompt() {
  [[ ${_OLD_VIRTUAL_PS1-${PROMPT-}} == '%m%# ' ]]
}

_beachhouse_precmd() {
  local ret=$?
  if (( ! ${+_beachhouse_settled} )); then
    typeset -g _beachhouse_settled=1
    beachhouse_path_dedupe
    _beachhouse_add_aliases
    if ! _beachhouse_prompt_wanted; then
      add-zsh-hook -d precmd _beachhouse_precmd
      return $ret
    fi
    export VIRTUAL_ENV_DISABLE_PROMPT=1   # the prompt shows the venv itself
  fi
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
