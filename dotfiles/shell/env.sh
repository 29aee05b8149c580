# shellcheck shell=bash
# The environment every interactive shell of the kit gets: PATH and editor.
# Sourced by init.bash and init.zsh, so it must read the same in both shells.

# pip --user, pipx and uv put tools in ~/.local/bin. Add it once: Debian's ~/.profile
# may have added it already.
case ":${PATH}:" in
  *":${HOME}/.local/bin:"*) ;;
  *) PATH="${HOME}/.local/bin${PATH:+:${PATH}}" ;;
esac
export PATH

# Keep the first of each PATH entry: a login shell's ~/.profile may prepend again what
# this file added (Debian's does, after it sources ~/.bashrc). Builtins only.
beachhouse_path_dedupe() {
  local rest="${PATH}:" entry kept=""
  while [ -n "${rest}" ]; do
    entry="${rest%%:*}"
    rest="${rest#*:}"
    case ":${kept}:" in
      *":${entry}:"*) ;;
      *) kept="${kept:+${kept}:}${entry}" ;;
    esac
  done
  PATH="${kept}"
}

# vim is on every cloud shell; nano is not. A choice the user already made wins.
export EDITOR="${EDITOR:-vim}"
export VISUAL="${VISUAL:-${EDITOR}}"
