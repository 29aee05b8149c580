# shellcheck shell=bash
# What the prompt shows, for prompt.bash and prompt.zsh: the platform tag, the
# active venv, and the git branch with a dirty marker. It runs before every
# prompt, so it reads variables and files only; the one process it may start is
# the dirty check, and only inside a repository.

# BEACHHOUSE_PLATFORM comes from config.sh: bootstrap.sh detected it, once, and the
# shell role wrote it there. Without config.sh (a hand-run `. init.bash`) there is no tag.

# Per prompt, not at start-up: `export AWS_REGION=...` or `gcloud config set
# project` (which updates GOOGLE_CLOUD_PROJECT in Cloud Shell) should show at once.
_beachhouse_platform_tag() {
  local where
  case "${BEACHHOUSE_PLATFORM:-}" in
    aws-*)
      where="${AWS_REGION:-${AWS_DEFAULT_REGION:-}}"
      _beachhouse_tag="aws${where:+:${where}}"
      ;;
    gcp-*)
      where="${GOOGLE_CLOUD_PROJECT:-${DEVSHELL_PROJECT_ID:-}}"
      _beachhouse_tag="gcp${where:+:${where}}"
      ;;
    # Azure Cloud Shell names its region in ACC_LOCATION.
    azure-*) _beachhouse_tag="azure${ACC_LOCATION:+:${ACC_LOCATION}}" ;;
    codespaces) _beachhouse_tag=codespaces ;;
    *) _beachhouse_tag='' ;;
  esac
}

# A project's venv is usually called .venv or venv: name it after the project.
_beachhouse_venv_name() {
  local venv="${VIRTUAL_ENV:-}"
  venv="${venv%/}"
  case "${venv##*/}" in
    .venv | venv | .env | env) venv="${venv%/*}" ;;
  esac
  _beachhouse_venv="${venv##*/}"
}

_beachhouse_git_info() {
  _beachhouse_git=''
  local dir="${PWD}" gitdir='' head=''
  # Walk up to the nearest .git: a directory, or a file ("gitdir: ...") in
  # worktrees and submodules. No repository, no git process.
  while :; do
    if [ -d "${dir}/.git" ]; then
      gitdir="${dir}/.git"
      break
    elif [ -f "${dir}/.git" ]; then
      { read -r gitdir <"${dir}/.git"; } 2>/dev/null
      gitdir="${gitdir#gitdir: }"
      case "${gitdir}" in
        /*) ;;
        *) gitdir="${dir}/${gitdir}" ;;
      esac
      break
    fi
    [ -n "${dir}" ] || return 0
    dir="${dir%/*}"
  done
  { read -r head <"${gitdir}/HEAD"; } 2>/dev/null
  case "${head}" in
    '') return 0 ;;
    'ref: refs/heads/'*) _beachhouse_git="${head#ref: refs/heads/}" ;;
    'ref: '*) _beachhouse_git="${head#ref: }" ;;
    *) _beachhouse_git="${head:0:7}" ;; # detached: the short hash
  esac
  # Dirty state needs git itself. One process, inside a repository only, and
  # `diff HEAD` compares tracked files alone: it skips the untracked-file walk
  # that makes `git status` slow in big trees. No optional locks, so a prompt
  # never blocks (or breaks) a git command running in another pane.
  # BEACHHOUSE_GIT_DIRTY=0 turns it off for a repository too big even for that.
  [ "${BEACHHOUSE_GIT_DIRTY:-1}" = 0 ] && return 0
  command git --no-optional-locks diff --no-ext-diff --quiet HEAD -- >/dev/null 2>&1
  [ "$?" -ne 1 ] || _beachhouse_git="${_beachhouse_git}*"
}

# Whether the kit draws the prompt: shell.prompt in config.yml says kit (always), keep
# (never) or auto, the default: only while the prompt is still the platform's stock one,
# as _beachhouse_stock_prompt (prompt.bash, prompt.zsh) knows them.
_beachhouse_prompt_wanted() {
  case "${BEACHHOUSE_PROMPT:-auto}" in
    kit) return 0 ;;
    keep) return 1 ;;
    *) _beachhouse_stock_prompt ;;
  esac
}

_beachhouse_prompt_info() {
  _beachhouse_platform_tag
  _beachhouse_venv_name
  _beachhouse_git_info
}
