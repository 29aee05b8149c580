# Tab completion for zsh: compinit with a cached dump, the kit's own commands
# always, and aws, az, gcloud and kubectl when installed and
# BEACHHOUSE_COMPLETIONS is not 0. A completion already registered is kept.

# compinit, unless the user's .zshrc (or oh-my-zsh) ran it already. -C trusts the
# dump as it is: no $fpath scan, no compaudit, which are most of compinit's cost.
# Once a day the dump is rebuilt and audited, so newly installed completions show.
if (( ! ${+_comps} )); then
  () {
    emulate -L zsh
    local dump=${XDG_CACHE_HOME:-$HOME/.cache}/beachhouse/zcompdump
    local -a fresh=( $dump(N.mh-24) )   # the dump, if written in the last 24 hours
    autoload -Uz compinit
    if (( $#fresh )); then
      compinit -C -d $dump
    else
      zmodload -F zsh/files b:zf_mkdir b:zf_rm
      [[ -d ${dump:h} ]] || zf_mkdir -p -- ${dump:h}
      zf_rm -f -- $dump $dump.zwc   # compinit rewrites a dump only when it is missing
      compinit -i -d $dump          # -i: skip insecure dirs silently, never ask at start-up
      # Compiled, the dump loads in about half the time.
      zcompile $dump
    fi
  }
fi

_beachhouse_workon() {
  local -a venvs
  venvs=( ${BEACHHOUSE_VENVS_DIR:-$HOME/.venvs}/*/bin/activate(N:h:h:t) )
  compadd -a venvs
}
compdef _beachhouse_workon workon
# The beachhouse command's own completion, installed beside the kit by its kit role.
[[ -r ${BEACHHOUSE_KIT:-}/completion/beachhouse.zsh ]] && source $BEACHHOUSE_KIT/completion/beachhouse.zsh

[[ ${BEACHHOUSE_COMPLETIONS:-1} == 0 ]] && return 0

# aws and az ship bash completers; bashcompinit lets zsh use them.
if (( $+commands[aws_completer] || $+commands[az] )); then
  autoload -Uz bashcompinit && bashcompinit
fi
if (( $+commands[aws_completer] )) && (( ! ${+_comps[aws]} )); then
  complete -C aws_completer aws
fi
if (( $+commands[az] )) && (( ! ${+_comps[az]} )); then
  for _beachhouse_f in /etc/bash_completion.d/azure-cli \
      /usr/local/etc/bash_completion.d/az /opt/homebrew/etc/bash_completion.d/az; do
    [[ -r $_beachhouse_f ]] && { source $_beachhouse_f; break; }
  done
fi
# gcloud's zsh script lives in its SDK: :A resolves /usr/bin/gcloud's symlink
# without a process.
if (( $+commands[gcloud] )) && (( ! ${+_comps[gcloud]} )); then
  for _beachhouse_f in ${commands[gcloud]:A:h:h}/completion.zsh.inc \
      /usr/share/google-cloud-sdk/completion.zsh.inc \
      /google/google-cloud-sdk/completion.zsh.inc $HOME/google-cloud-sdk/completion.zsh.inc; do
    [[ -r $_beachhouse_f ]] && { source $_beachhouse_f; break; }
  done
fi
# kubectl prints its completion rather than installing it, and running it costs
# a process: keep its output in the cache, regenerated when kubectl is newer.
if (( $+commands[kubectl] )) && (( ! ${+_comps[kubectl]} )); then
  _beachhouse_f=${XDG_CACHE_HOME:-$HOME/.cache}/beachhouse/kubectl-completion.zsh
  if [[ ! -s $_beachhouse_f || $commands[kubectl] -nt $_beachhouse_f ]]; then
    zmodload -F zsh/files b:zf_mkdir b:zf_mv b:zf_rm
    [[ -d ${_beachhouse_f:h} ]] || zf_mkdir -p -- ${_beachhouse_f:h}
    if kubectl completion zsh >| $_beachhouse_f.$$ 2>/dev/null; then
      zf_mv -f -- $_beachhouse_f.$$ $_beachhouse_f    # whole file or none
    else
      zf_rm -f -- $_beachhouse_f.$$
    fi
  fi
  [[ -s $_beachhouse_f ]] && source $_beachhouse_f
fi
unset _beachhouse_f
