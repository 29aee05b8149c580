# Tab completion for the beachhouse command in zsh: its commands with a line on each,
# then each one's options. Sourced by the kit's completion.zsh, after compinit.

_beachhouse_command() {
  local -a commands
  commands=(
    'apply:bring this home to the config'
    'status:what changed since the last apply'
    'diff:the exact changes an apply would make'
    'doctor:check this shell, with a fix for each problem'
    'edit:edit the config, validated when the editor closes'
    'update:fetch the newest kit, then apply'
    'rollback:go back to an earlier apply'
    'config:show the effective config (--show)'
    'uninstall:remove the kit and restore your files'
  )
  if (( CURRENT == 2 )); then
    _describe -t commands 'beachhouse command' commands
    return
  fi
  case $words[2] in
    apply) compadd -- --check --diff --tags --skip-tags --platform --config --python \
      --managed-python --full --verbose --yes --help ;;
    diff) compadd -- --tags --skip-tags --config --help ;;
    edit) compadd -- --apply --help ;;
    rollback) compadd -- --list --help ;;
    config) compadd -- --show --help ;;
    uninstall) compadd -- --yes --help ;;
    *) compadd -- --help ;;
  esac
}
compdef _beachhouse_command beachhouse
