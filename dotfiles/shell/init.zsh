# The kit's interactive zsh. The block at the top of ~/.zshrc (or $ZDOTDIR/.zshrc)
# sources this file before any line of the user's, so whatever those lines set wins;
# the prompt and the aliases wait for the first prompt. It sources the pieces below,
# in an order that matters (see each line). The .sh pieces are shared with bash and
# written to mean the same in both. Everything here runs under `setopt nounset` too.

# Once per process, whatever sources what: the guard comes before anything else.
(( ${+_beachhouse_loaded} )) && return 0
typeset -g _beachhouse_loaded=1   # not exported: a child zsh runs this again
[[ -o interactive ]] || return 0

_beachhouse_dir=${${(%):-%x}:h}   # this file's directory

source $_beachhouse_dir/env.sh
source $_beachhouse_dir/workon.sh   # defines beachhouse_project, which projects.sh calls
# What the engine generates from config.yml, each file optional: settings
# (config.sh), the venvs dir (venvs.sh), project commands and the user's own
# aliases (projects.sh).
# Sourced at top level, not in a function, where a typeset would turn local.
_beachhouse_generated=(config.sh venvs.sh projects.sh)
for _beachhouse_f in $_beachhouse_generated; do
  [[ -r $_beachhouse_dir/$_beachhouse_f ]] && source $_beachhouse_dir/$_beachhouse_f
done
if [[ ${BEACHHOUSE_OHMYZSH:-0} == 1 && -r $HOME/.oh-my-zsh/oh-my-zsh.sh ]] && (( ! ${+functions[omz]} )); then
  export ZSH=$HOME/.oh-my-zsh
  source $ZSH/oh-my-zsh.sh
  # Its plugins define aliases (gl is `git pull` in its git plugin); the user's
  # own from config.yml must win, so read the generated files again.
  for _beachhouse_f in $_beachhouse_generated; do
    [[ -r $_beachhouse_dir/$_beachhouse_f ]] && source $_beachhouse_dir/$_beachhouse_f
  done
fi
source $_beachhouse_dir/history.zsh
source $_beachhouse_dir/aliases.sh   # defines them at the first prompt, where gaps show
source $_beachhouse_dir/prompt.sh
source $_beachhouse_dir/prompt.zsh
source $_beachhouse_dir/completion.zsh
# The lessons' `learn` command, when the kit has them.
if [[ -n ${BEACHHOUSE_KIT:-} && -r $BEACHHOUSE_KIT/scripts/learn.sh ]]; then
  source $BEACHHOUSE_KIT/scripts/learn.sh
fi

unset _beachhouse_dir _beachhouse_f _beachhouse_generated
