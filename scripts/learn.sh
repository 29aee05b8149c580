# shellcheck shell=bash
# Sourced by the kit's shell init in bash and zsh: defines the `learn` function and nothing
# else (it runs at every shell start-up, so no subprocess here).
#
# Why a function: some lessons check what only your live shell knows (its aliases, variables
# you set but did not export). `learn` on PATH is a child process and cannot see them, so this
# function collects them when you call it and hands them to scripts/learn.

# Where this file is, found without a subprocess: the runner sits next to it.
if [ -n "${ZSH_VERSION:-}" ]; then
  # %x expands to the file being sourced; zsh-only syntax, hidden from bash's parser.
  eval '__beachhouse_learn_src=${(%):-%x}'
else
  __beachhouse_learn_src=${BASH_SOURCE[0]}
fi
case "$__beachhouse_learn_src" in
  /*) ;;
  *) __beachhouse_learn_src=$PWD/$__beachhouse_learn_src ;;
esac
__beachhouse_learn_dir=${__beachhouse_learn_src%/*}
unset __beachhouse_learn_src

learn() {
  local __learn_shell __learn_vars __learn_funcs
  if [ -n "${ZSH_VERSION:-}" ]; then
    __learn_shell=zsh
    # Every parameter's and function's name, one a line; zsh-only syntax, hidden from bash.
    eval '__learn_vars=${(F)${(k)parameters}}; __learn_funcs=${(F)${(k)functions}}'
  else
    __learn_shell=bash
    __learn_vars=$(compgen -v)
    __learn_funcs=$(compgen -A function)
  fi
  BEACHHOUSE_LEARN_SHELL=$__learn_shell \
    BEACHHOUSE_LEARN_ALIASES=$(alias) \
    BEACHHOUSE_LEARN_VARS=$__learn_vars \
    BEACHHOUSE_LEARN_FUNCS=$__learn_funcs \
    command "$__beachhouse_learn_dir/learn" "$@"
  local __learn_rc=$? __learn_here=$PWD
  # `learn reset` and `learn clean` may have removed the folder this shell stands in: move
  # up to the nearest one still there, so the next command does not fail.
  if ! [ . -ef "$__learn_here" ]; then
    while [ -n "$__learn_here" ] && ! [ -d "$__learn_here" ]; do
      __learn_here=${__learn_here%/*}
    done
    cd -- "${__learn_here:-/}" || :
  fi
  return "$__learn_rc"
}
