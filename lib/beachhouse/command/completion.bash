# shellcheck shell=bash
# Tab completion for the beachhouse command in bash: its commands, then each one's
# options (apply's are bootstrap.sh's). Sourced by the kit's completion.bash.

_beachhouse_command() {
  local word="${COMP_WORDS[COMP_CWORD]}" words
  if [ "${COMP_CWORD}" -eq 1 ]; then
    words="apply status diff doctor edit update rollback config uninstall --help --version"
  else
    case "${COMP_WORDS[1]}" in
      apply) words="--check --diff --tags --skip-tags --platform --config --python --managed-python --full --verbose --yes --help" ;;
      diff) words="--tags --skip-tags --config --help" ;;
      edit) words="--apply --help" ;;
      rollback) words="--list --help" ;;
      config) words="--show --help" ;;
      uninstall) words="--yes --help" ;;
      *) words="--help" ;;
    esac
  fi
  # shellcheck disable=SC2207 # the words are fixed, none holds a space
  COMPREPLY=($(compgen -W "${words}" -- "${word}"))
}
complete -F _beachhouse_command beachhouse
