# zsh history: large, de-duplicated, timestamped, shared between sessions as
# each command runs. Defaults only: a line of the user's .zshrc after the kit's block
# wins. Debian's zsh saves no history at all until HISTFILE is set; the kit never
# creates a ~/.zsh_history of its own: without one, history goes to the kit's state
# folder (created 0600), which uninstall moves to the backups.

if [[ -z ${HISTFILE:-} ]]; then
  if [[ -e ${ZDOTDIR:-$HOME}/.zsh_history ]]; then
    HISTFILE=${ZDOTDIR:-$HOME}/.zsh_history
  else
    HISTFILE=${XDG_STATE_HOME:-$HOME/.local/state}/beachhouse/zsh_history
    [[ -e $HISTFILE || ! -d ${HISTFILE:h} ]] || ( umask 077 && : >>| $HISTFILE )
  fi
fi
HISTSIZE=${BEACHHOUSE_HISTORY_SIZE:-100000}
SAVEHIST=$HISTSIZE
setopt EXTENDED_HISTORY HIST_IGNORE_ALL_DUPS HIST_IGNORE_SPACE HIST_REDUCE_BLANKS SHARE_HISTORY
# SHARE_HISTORY already appends each command as it runs; zshoptions(1) asks for
# INC_APPEND_HISTORY to be off alongside it.
unsetopt INC_APPEND_HISTORY
