# zsh history: large, de-duplicated, timestamped, shared between sessions as
# each command runs. Debian's zsh saves no history at all until HISTFILE is set.

HISTFILE=${HISTFILE:-$HOME/.zsh_history}
HISTSIZE=${BEACHHOUSE_HISTORY_SIZE:-100000}
SAVEHIST=$HISTSIZE
setopt EXTENDED_HISTORY HIST_IGNORE_ALL_DUPS HIST_IGNORE_SPACE HIST_REDUCE_BLANKS SHARE_HISTORY
# SHARE_HISTORY already appends each command as it runs; zshoptions(1) asks for
# INC_APPEND_HISTORY to be off alongside it.
unsetopt INC_APPEND_HISTORY
