#!/usr/bin/env bash
# beachhouse: turn a fresh cloud shell into one a developer would choose.
#
#   ./bootstrap.sh            configure this shell (safe to run again: "up to date")
#   ./bootstrap.sh --help     every option, the platforms and the exit codes
#
# Everything lives in functions and the last line calls main, so a download cut short
# runs nothing. Data flows one way: this script finds a Python, builds the tool venv
# (ansible-core, cookiecutter, pre-commit), validates the config, then runs
# playbooks/site.yml, whose roles write only under $HOME. It never calls sudo.
set -euo pipefail

BEACHHOUSE_VERSION="0.1.0"
# Where `curl … | bash` fetches the kit from when there is no checkout beside this script,
# and the sha256 that archive must have: `make release` stamps it into the released copy
# of this script (a checkout's copy has none, so it never fetches).
BEACHHOUSE_ARCHIVE_URL="${BEACHHOUSE_ARCHIVE_URL:-https://github.com/beachhouse-dev/beachhouse/releases/download/v${BEACHHOUSE_VERSION}/beachhouse-${BEACHHOUSE_VERSION}.tar.gz}"
BEACHHOUSE_ARCHIVE_SHA256=""
PLATFORMS="aws-cloudshell aws-cloud9 azure-cloudshell gcp-cloudshell codespaces linux macos"
# The roles of playbooks/site.yml, each its own tag.
ROLES="kit shell vim aliases git tmux platform secrets venvs"

# Exit codes, as documented in usage().
EXIT_FAILED=1 EXIT_USAGE=2 EXIT_CONFIG=3 EXIT_MACHINE=4 EXIT_HOSTS=5

usage() {
    cat <<EOF
beachhouse ${BEACHHOUSE_VERSION}: a dev-environment bootstrap kit for cloud shells

Usage: ./bootstrap.sh [options]

Options:
  --check              Dry run: say what would change, change nothing
  --diff               Show the changes to each file (with --check: the exact changes)
  --tags LIST          Run only these roles (comma-separated: shell,vim,aliases,venvs,
                       git,tmux,platform,secrets,kit)
  --skip-tags LIST     Run all roles but these
  --platform NAME      Override detection: ${PLATFORMS// /, }
  --config FILE        Use FILE instead of ~/.config/beachhouse/config.yml
  --python PATH        Use this Python (3.9+) for the tool venv (or BEACHHOUSE_PYTHON)
  --managed-python VER Fetch a newer Python (e.g. 3.12) into your home with uv, online only,
                       and use it: for shells whose own Python gets an old ansible-core
  --inventory FILE     Fleet mode: configure the hosts of an Ansible inventory over SSH
  --limit PATTERN      Fleet mode: only the hosts matching PATTERN
  --forks N            Fleet mode: hosts configured at once (default 8)
  --full               Run the playbooks even when nothing changed since the last run
  --uninstall          Remove everything the kit added and restore your original files
  --purge-venvs        With --uninstall: also delete the named venvs the kit created
  -v, --verbose        Show Ansible's own output
  -y, --yes            Ask nothing (implied when stdin is not a terminal or CI is set)
  -h, --help           Show this help
  -V, --version        Show the version

Platforms are detected from the variables each cloud shell sets; the kit writes only
under \$HOME and never calls sudo. Its files: config in ~/.config/beachhouse/, state,
logs and backups in ~/.local/state/beachhouse/, the tool venv in ~/.local/share/beachhouse/.

Exit codes:
  0  done, or already up to date
  1  a role failed (the log under ~/.local/state/beachhouse/logs/ says why)
  2  bad usage: an unknown option, platform or role, a missing inventory
  3  the config file is invalid
  4  this machine lacks something: Python 3.9+, network for the first install, a writable \$HOME
  5  fleet mode: some hosts failed or were unreachable (the others are done)
EOF
}

# -- the vocabulary every function uses --------------------------------------------------
setup_colour() {
    if [ -t 2 ] && [ "${TERM:-dumb}" != dumb ] && [ -z "${NO_COLOR:-}" ]; then
        C_BOLD=$'\033[1m' C_RED=$'\033[31m' C_YELLOW=$'\033[33m' C_RESET=$'\033[0m'
    else
        C_BOLD="" C_RED="" C_YELLOW="" C_RESET=""
    fi
}
say() { printf '%sbeachhouse:%s %s\n' "$C_BOLD" "$C_RESET" "$*"; }
warn() { printf '%sbeachhouse: warning:%s %s\n' "$C_YELLOW" "$C_RESET" "$*" >&2; }
err() { printf '%sbeachhouse: error:%s %s\n' "$C_RED" "$C_RESET" "$*" >&2; }
die() {
    local code="$1"
    shift
    err "$*"
    exit "$code"
}
need_cmd() { command -v "$1" >/dev/null 2>&1 || die "$EXIT_MACHINE" "need '$1' (command not found); $2"; }
# A failure ignored on purpose, visibly.
ignore() { "$@" || true; }
# The kill tests' seam: a run told BEACHHOUSE_TEST_STOP_AT=NAME stops itself at the point
# so named, for the test to kill it there. Nothing named in it is run.
seam() {
    [ "${BEACHHOUSE_TEST_STOP_AT:-}" != "$1" ] || kill -STOP "$$"
}

# -- options -------------------------------------------------------------------------------
parse_args() {
    OPT_CHECK=0 OPT_DIFF=0 OPT_TAGS="" OPT_SKIP_TAGS="" OPT_PLATFORM="" OPT_CONFIG=""
    OPT_PYTHON="${BEACHHOUSE_PYTHON:-}" OPT_INVENTORY="" OPT_LIMIT="" OPT_FORKS=""
    OPT_FULL=0 OPT_UNINSTALL=0 OPT_VERBOSE=0 OPT_YES=0 OPT_MANAGED_PYTHON="" OPT_PURGE_VENVS=0
    if [ ! -t 0 ] || [ -n "${CI:-}" ]; then OPT_YES=1; fi
    while [ $# -gt 0 ]; do
        case "$1" in
            --check) OPT_CHECK=1 ;;
            --diff) OPT_DIFF=1 ;;
            --tags | --skip-tags | --platform | --config | --python | --inventory | --limit | --forks | --managed-python)
                if [ $# -lt 2 ] || [ -z "$2" ]; then die "$EXIT_USAGE" "$1 needs a value; see ./bootstrap.sh --help"; fi
                case "$1" in
                    --tags) OPT_TAGS="$2" ;;
                    --skip-tags) OPT_SKIP_TAGS="$2" ;;
                    --platform) OPT_PLATFORM="$2" ;;
                    --config) OPT_CONFIG="$2" ;;
                    --python) OPT_PYTHON="$2" ;;
                    --inventory) OPT_INVENTORY="$2" ;;
                    --limit) OPT_LIMIT="$2" ;;
                    --forks) OPT_FORKS="$2" ;;
                    --managed-python) OPT_MANAGED_PYTHON="$2" ;;
                esac
                shift
                ;;
            --full) OPT_FULL=1 ;;
            --uninstall) OPT_UNINSTALL=1 ;;
            --purge-venvs) OPT_PURGE_VENVS=1 ;;
            -v | --verbose) OPT_VERBOSE=1 ;;
            -y | --yes) OPT_YES=1 ;;
            -h | --help)
                usage
                exit 0
                ;;
            -V | --version)
                echo "beachhouse ${BEACHHOUSE_VERSION}"
                exit 0
                ;;
            *) die "$EXIT_USAGE" "unknown option '$1'; see ./bootstrap.sh --help" ;;
        esac
        shift
    done
    if [ -n "$OPT_FORKS" ] && ! [[ "$OPT_FORKS" =~ ^[1-9][0-9]*$ ]]; then
        die "$EXIT_USAGE" "--forks '$OPT_FORKS' is not a positive number; try --forks 8"
    fi
    if [ -n "$OPT_MANAGED_PYTHON" ] && ! [[ "$OPT_MANAGED_PYTHON" =~ ^3\.(9|1[0-9])$ ]]; then
        die "$EXIT_USAGE" "--managed-python '$OPT_MANAGED_PYTHON' is not a Python version; try --managed-python 3.12"
    fi
    if [ -n "$OPT_PLATFORM" ] && [[ " $PLATFORMS " != *" $OPT_PLATFORM "* ]]; then
        die "$EXIT_USAGE" "unknown platform '$OPT_PLATFORM'; use one of: ${PLATFORMS// /, }"
    fi
    check_args
}

# What parse_args cannot see one option at a time, checked before anything is built.
check_args() {
    check_roles --tags "$OPT_TAGS"
    check_roles --skip-tags "$OPT_SKIP_TAGS"
    if [ "$OPT_PURGE_VENVS" = 1 ] && [ "$OPT_UNINSTALL" = 0 ]; then
        die "$EXIT_USAGE" "--purge-venvs goes with --uninstall; run ./bootstrap.sh --uninstall --purge-venvs"
    fi
    if [ -n "$OPT_INVENTORY" ] && { [ ! -f "$OPT_INVENTORY" ] || [ ! -r "$OPT_INVENTORY" ]; }; then
        die "$EXIT_USAGE" "--inventory $OPT_INVENTORY: no such file (or not readable); give the path of an Ansible inventory"
    fi
    if [ -n "$OPT_LIMIT$OPT_FORKS" ] && [ -z "$OPT_INVENTORY" ]; then
        die "$EXIT_USAGE" "--limit and --forks are for fleet mode; add --inventory FILE"
    fi
}

# $1 is the option, $2 its comma-separated value: every name must be a role.
check_roles() {
    local role roles
    IFS=, read -r -a roles <<<"$2"
    for role in "${roles[@]}"; do
        [[ " $ROLES " == *" $role "* ]] ||
            die "$EXIT_USAGE" "$1: no role named '$role'; use one of: ${ROLES// /, }"
    done
}

# -- where things are ----------------------------------------------------------------------
# The kit is the folder holding this script, or, when piped from curl, the release this
# script pins: fetched once into its own versioned folder, which `src` then points at.
locate_kit() {
    local here="${BASH_SOURCE[0]:-}"
    if [ -n "$here" ] && [ -f "$here" ] && [ -f "$(dirname "$here")/playbooks/site.yml" ]; then
        KIT="$(cd "$(dirname "$here")" && pwd -P)"
        return
    fi
    KIT="$DATA_DIR/src"
    local release="$DATA_DIR/src-$BEACHHOUSE_VERSION"
    # A release folder is only ever made whole, by a rename after its checksum matched.
    [ -f "$release/playbooks/site.yml" ] || fetch_kit "$release"
    if [ ! -L "$KIT" ] || [ "$(readlink "$KIT")" != "${release##*/}" ]; then
        switch_kit "$release"
    fi
}

# Download to a private folder outside $HOME, check the pinned sha256, and only then
# unpack beside the other releases: a tampered archive changes nothing.
fetch_kit() {
    local into="$1" url="$BEACHHOUSE_ARCHIVE_URL" pin="$BEACHHOUSE_ARCHIVE_SHA256" proto got
    need_cmd curl "install curl, or clone the kit and run ./bootstrap.sh from it"
    need_cmd tar "install tar, or clone the kit and run ./bootstrap.sh from it"
    [ -n "$pin" ] || die "$EXIT_USAGE" "this bootstrap.sh is not a release (it pins no checksum for the kit); pipe a released one, or run ./bootstrap.sh from a clone"
    case "$url" in
        https://*) proto=(--proto '=https' --proto-redir '=https' --tlsv1.2) ;;
        file://*) proto=(--proto '=file') ;; # a local copy: no transport to secure
        *) die "$EXIT_USAGE" "BEACHHOUSE_ARCHIVE_URL '$url' is not an https:// address; unset it to use the release's" ;;
    esac
    say "fetching the kit ($url)"
    local download
    download="$(mktemp -d "${TMPDIR:-/tmp}/beachhouse-fetch.XXXXXX")"
    TEMP_DIRS+=("$download")
    curl -fsSL "${proto[@]}" -o "$download/kit.tar.gz" "$url" ||
        die "$EXIT_MACHINE" "could not fetch the kit from $url; check the network and retry"
    got="$(checksum "$download/kit.tar.gz" | cut -d' ' -f1)"
    [ "$got" = "$pin" ] ||
        die "$EXIT_MACHINE" "the kit from $url has sha256 $got, not the $pin this script pins: refused, nothing changed (retry; if it persists, report it)"
    make_dirs "$DATA_DIR"
    rm -rf "$DATA_DIR"/.src-new.* # a fetch killed half-way; the run lock says none is live
    local new
    new="$(mktemp -d "$DATA_DIR/.src-new.XXXXXX")"
    tar -xzf "$download/kit.tar.gz" -C "$new" --strip-components=1 || {
        rm -rf "$new"
        die "$EXIT_MACHINE" "the kit archive from $url would not unpack; free some space and retry"
    }
    seam kit-unpacked
    rm -rf "$into"
    mv "$new" "$into"
}

# Point `src` at release $1 in one rename, then drop the releases it replaced.
switch_kit() {
    local link="$DATA_DIR/.src-link.$$" old
    ln -sfn "${1##*/}" "$link"
    # 0.1 fetched into src itself, a plain folder.
    if [ -d "$KIT" ] && [ ! -L "$KIT" ]; then rm -rf "$KIT"; fi
    mv -fT "$link" "$KIT" 2>/dev/null || { rm -f "$KIT" && mv -f "$link" "$KIT"; }
    for old in "$DATA_DIR"/src-*; do
        [ "$old" = "$1" ] || rm -rf "$old"
    done
}

# -- one run at a time ---------------------------------------------------------------------
# A run that may write locks the home (flock on a file in the state dir) before its first
# write; a second run waits, then finds what the first left. A dry run only shares the
# lock, and only once a real run made it: it creates nothing.
take_run_lock() {
    local mode=-x dir line pipe
    RUN_LOCK="$STATE_DIR/run.lock" RUN_LOCK_DIRS=() RUN_LOCK_HOLDER=""
    if [ "$OPT_CHECK" = 1 ]; then
        [ -f "$RUN_LOCK" ] || return 0
        mode=-s
    else
        dir="$STATE_DIR"
        while [ ! -d "$dir" ]; do
            RUN_LOCK_DIRS+=("$dir")
            dir="$(dirname "$dir")"
        done
        # An unwritable home: check_writable says so in one line, later.
        mkdir -p "$STATE_DIR" 2>/dev/null || return 0
        [ "${#RUN_LOCK_DIRS[@]}" -eq 0 ] || printf '%s\n' "${RUN_LOCK_DIRS[@]}" >>"$STATE_DIR/created-dirs"
    fi
    while :; do
        exec {pipe}< <(hold_run_lock "$mode" "$$")
        RUN_LOCK_HOLDER="$!"
        read -r line <&"$pipe" || line=none
        if [ "$line" = waiting ]; then
            say "another beachhouse run is changing this home; waiting for it to finish"
            read -r line <&"$pipe" || line=none
        fi
        exec {pipe}<&-
        # The run before may have removed the file (uninstall does): lock the one in place.
        [ "$line" = moved ] || return 0
    done
}

# The lock's holder, beside the run: it says "waiting" if it must, then "locked" (or
# "moved", "none"), and keeps the lock until run $2 ends, however it ends. The run's own
# children never hold it, so a worker that a killed Ansible left behind blocks no one.
hold_run_lock() {
    if command -v flock >/dev/null 2>&1 && tail --pid="$2" -s 0.2 -f /dev/null --help >/dev/null 2>&1; then
        { exec 9>>"$RUN_LOCK"; } 2>/dev/null || { echo none && return; }
        if ! flock "$1" -n 9; then
            echo waiting
            flock "$1" 9
        fi
        if [ "$RUN_LOCK" -ef /dev/fd/9 ]; then echo locked; else echo moved && return; fi
        exec tail --pid="$2" -s 0.2 -f /dev/null >/dev/null
    elif command -v python3 >/dev/null 2>&1; then
        exec python3 -c 'import fcntl, os, sys, time
path, mode, run = sys.argv[1], sys.argv[2], int(sys.argv[3])
try:
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
except OSError:
    sys.exit(print("none"))
kind = fcntl.LOCK_SH if mode == "-s" else fcntl.LOCK_EX
try:
    fcntl.flock(fd, kind | fcntl.LOCK_NB)
except BlockingIOError:
    print("waiting", flush=True)
    fcntl.flock(fd, kind)
try:
    here = os.path.samestat(os.fstat(fd), os.stat(path))
except OSError:
    here = False
print("locked" if here else "moved", flush=True)
sys.stdout.close()
while here:
    try:
        os.kill(run, 0)
    except ProcessLookupError:
        break
    time.sleep(0.2)' "$RUN_LOCK" "$@"
    else
        echo none
    fi
}

release_run_lock() {
    [ -z "${RUN_LOCK_HOLDER:-}" ] || ignore kill "$RUN_LOCK_HOLDER" 2>/dev/null
    RUN_LOCK_HOLDER=""
}

# A run refused before it wrote anything leaves no trace, the lock and its folders included.
drop_unused_run_lock() {
    [ "${#RUN_LOCK_DIRS[@]}" -gt 0 ] && [ -d "$STATE_DIR" ] || return 0
    local other dir
    other="$(find "$STATE_DIR" -mindepth 1 -maxdepth 1 ! -name run.lock ! -name created-dirs)"
    [ -z "$other" ] || return 0
    if [ -f "$STATE_DIR/created-dirs" ] &&
        [ "$(sort -u "$STATE_DIR/created-dirs")" != "$(printf '%s\n' "${RUN_LOCK_DIRS[@]}" | sort -u)" ]; then
        return 0
    fi
    rm -f "$RUN_LOCK" "$STATE_DIR/created-dirs"
    for dir in "${RUN_LOCK_DIRS[@]}"; do ignore rmdir "$dir" 2>/dev/null; done
}

# What the kit makes for itself (the tool venv, its state, logs) is never group- or
# world-writable, whatever the umask; a tighter umask stays.
tighten_umask() {
    umask "$(printf '%04o' $((0$(umask) | 022)))"
}

# Logs hold task results: 0600 files in 0700 folders.
private_dir() {
    (umask 077 && mkdir -p "$1") && chmod 700 "$1"
}
private_file() {
    (umask 077 && : >>"$1") && chmod 600 "$1"
}

# The tool venv is trusted only when its interpreter runs and finds ansible in it: a venv
# a killed install or uninstall left half-made is rebuilt, not run. (Finding, not a full
# import, which costs a third of an "up to date" run; -S skips the platform's site hooks.)
venv_has_ansible() {
    local packages=("$VENV"/lib/python3*/site-packages)
    "$VENV/bin/python" -S -c 'import sys
sys.path[:0] = sys.argv[1:]
from importlib.util import find_spec
sys.exit(find_spec("ansible") is None)' "${packages[@]}" 2>/dev/null
}

set_paths() {
    if [ -z "${HOME:-}" ] || [ ! -d "$HOME" ]; then
        die "$EXIT_MACHINE" "HOME ('${HOME:-}') is not a directory; set HOME and retry"
    fi
    CONFIG_DIR="${XDG_CONFIG_HOME:-$HOME/.config}/beachhouse"
    STATE_DIR="${XDG_STATE_HOME:-$HOME/.local/state}/beachhouse"
    DATA_DIR="${XDG_DATA_HOME:-$HOME/.local/share}/beachhouse"
    VENV="$DATA_DIR/venv"
    CONFIG="${OPT_CONFIG:-$CONFIG_DIR/config.yml}"
    check_config_file
}

# The config must be a readable regular file, or (the default path only) absent.
check_config_file() {
    if [ ! -e "$CONFIG" ] && [ ! -L "$CONFIG" ]; then
        [ -z "$OPT_CONFIG" ] || die "$EXIT_CONFIG" "$OPT_CONFIG: no such file; give --config an existing YAML file"
        return 0
    fi
    if [ ! -e "$CONFIG" ]; then
        die "$EXIT_CONFIG" "$CONFIG: is a link to nothing; point it at a YAML file or remove it"
    elif [ -d "$CONFIG" ]; then
        die "$EXIT_CONFIG" "$CONFIG: is a directory; the config must be a YAML file"
    elif [ ! -f "$CONFIG" ]; then
        die "$EXIT_CONFIG" "$CONFIG: is not a regular file (a FIFO or a device?); the config must be a YAML file"
    elif [ ! -r "$CONFIG" ]; then
        die "$EXIT_CONFIG" "$CONFIG: cannot read it (permission denied); make it readable (chmod u+r) or pass --config"
    fi
}

# What the roles will write must be of the kind they expect, and the folders they
# write in writable: checked before the first write, not discovered halfway.
# The files the roles add the kit's block to (their vars/main.yml), relative to $HOME.
BLOCK_FILES=(.bashrc .zshrc .bash_profile .bash_login .profile .vimrc .tmux.conf .config/git/config)

check_home_layout() {
    local path tmp="${TMPDIR:-/tmp}"
    if [ ! -d "$tmp" ] || [ ! -w "$tmp" ]; then
        die "$EXIT_MACHINE" "TMPDIR ($tmp) is not a writable folder; point TMPDIR at one (or unset it) and retry"
    fi
    for path in "$HOME/.config" "$HOME/.local" "$HOME/.local/bin" "${CONFIG_DIR%/*}" "${STATE_DIR%/*}" \
        "${DATA_DIR%/*}" "$CONFIG_DIR" "$STATE_DIR" "$DATA_DIR" "$HOME/.config/git"; do
        if [ -e "$path" ] && [ ! -d "$path" ]; then
            die "$EXIT_MACHINE" "$(tilde "$path") is a file, and the kit needs a folder there; move it aside and retry"
        fi
        if [ -d "$path" ] && [ ! -w "$path" ]; then
            die "$EXIT_MACHINE" "$(tilde "$path") is not writable; fix its permissions (chmod u+w) and retry"
        fi
    done
    for path in "${BLOCK_FILES[@]}"; do
        if [ -e "$HOME/$path" ] && [ ! -f "$HOME/$path" ]; then
            die "$EXIT_MACHINE" "$(tilde "$HOME/$path") is not a regular file, and the kit adds a block to it; move it aside and retry"
        fi
    done
    for path in "${KIT:-}" "$CONFIG_DIR" "$STATE_DIR" "$DATA_DIR"; do
        if [[ "$path" == *[[:cntrl:]]* ]]; then
            die "$EXIT_MACHINE" "the path '$path' holds a control character; use a folder with a plain name"
        fi
    done
}

# A fork's home/ files land at the same paths under $HOME: none may stand where the kit adds
# its block (the copy would replace the user's file) or in the kit's own folders.
check_fork_home() {
    [ -d "$KIT/home" ] || return 0
    local path
    for path in "${BLOCK_FILES[@]}"; do
        if [ -e "$KIT/home/$path" ] || [ -L "$KIT/home/$path" ]; then
            die "$EXIT_CONFIG" "the fork's home/$path would replace ~/$path, where the kit adds its block; take it out of home/ (aliases go in beachhouse.yml's aliases.extra)"
        fi
    done
    for path in "$CONFIG_DIR" "$STATE_DIR" "$DATA_DIR"; do
        path="$(tilde "$path")"
        path="${path#\~/}"
        if [ -e "$KIT/home/$path" ] || [ -L "$KIT/home/$path" ]; then
            die "$EXIT_CONFIG" "the fork's home/$path is the kit's own folder (~/$path); move those files elsewhere in home/"
        fi
    done
}

# A fork of the kit carries its owner's settings in beachhouse.yml at its root: used when
# this home has no config.yml of its own (lib/beachhouse/command/paths.py's find_config).
choose_config() {
    if [ -z "$OPT_CONFIG" ] && [ ! -f "$CONFIG" ] && [ -f "$KIT/beachhouse.yml" ]; then
        CONFIG="$KIT/beachhouse.yml"
    fi
}

# A path under $HOME written as ~/…, so the roles' files do not hard-code this home.
tilde() {
    case "$1" in
        "$HOME"/*) printf '%s/%s' '~' "${1#"$HOME"/}" ;;
        *) printf '%s' "$1" ;;
    esac
}

# -- the platform --------------------------------------------------------------------------
detect_platform() {
    if [ -n "$OPT_PLATFORM" ]; then
        PLATFORM="$OPT_PLATFORM"
    elif [ "${AWS_EXECUTION_ENV:-}" = CloudShell ]; then
        PLATFORM=aws-cloudshell
    elif [ "${CODESPACES:-}" = true ]; then
        PLATFORM=codespaces
    elif [ "${CLOUD_SHELL:-}" = true ]; then
        PLATFORM=gcp-cloudshell
    elif [[ "${AZUREPS_HOST_ENVIRONMENT:-}" == cloud-shell* ]] || [ -n "${ACC_CLOUD:-}" ]; then
        PLATFORM=azure-cloudshell
    elif [ -n "${C9_USER:-}${C9_PROJECT:-}${C9_HOSTNAME:-}" ] || { [ -d "$HOME/environment" ] && [ -d "$HOME/.c9" ]; }; then
        PLATFORM=aws-cloud9
    elif [ "$(uname -s)" = Darwin ]; then
        PLATFORM=macos
    else
        PLATFORM=linux
    fi
    say "platform: $PLATFORM${OPT_PLATFORM:+ (from --platform)}"
}

install_hint() {
    case "$PLATFORM" in
        aws-cloudshell | aws-cloud9) echo "install one with 'sudo dnf install python3.11' (or 'sudo apt-get install python3' on Ubuntu)" ;;
        azure-cloudshell) echo "Azure Cloud Shell has no sudo: install a user-space Python with 'pip install --user uv && ~/.local/bin/uv python install 3.12', then pass --python" ;;
        gcp-cloudshell | codespaces | linux) echo "install one with your package manager (e.g. 'sudo apt-get install python3 python3-venv'), or pass --python PATH" ;;
        macos) echo "install one with 'brew install python@3.12', or pass --python PATH" ;;
    esac
}

# -- Python --------------------------------------------------------------------------------
# Prints "major minor" for a working interpreter, nothing for a broken one.
python_version() {
    "$1" -S -c 'import sys; print(*sys.version_info[:2])' 2>/dev/null || true
}

# The Pythons the kit has a lock for, newest first: requirements/py3.X.txt is the one
# list (`make lock` and the tests read it too). Sets SUPPORTED ("13 12 ...") and its range.
supported_pythons() {
    local lock minors=()
    for lock in "$KIT"/requirements/py3.*.txt; do
        lock="${lock##*/py3.}"
        minors+=("${lock%.txt}")
    done
    SUPPORTED="$(printf '%s\n' "${minors[@]}" | sort -rn | tr '\n' ' ')"
    SUPPORTED="${SUPPORTED% }"
    SUPPORTED_RANGE="3.${SUPPORTED##* } to 3.${SUPPORTED%% *}"
}

# Whether the kit has a lock for minor version $1.
is_supported() {
    [[ " $SUPPORTED " == *" $1 "* ]]
}

find_python() {
    local candidate major minor minors
    supported_pythons
    if [ -n "$OPT_PYTHON" ]; then
        read -r major minor <<<"$(python_version "$OPT_PYTHON")"
        [ -n "$major" ] || die "$EXIT_MACHINE" "--python '$OPT_PYTHON' does not run; give the path of a Python $SUPPORTED_RANGE"
        if [ "$major" != 3 ] || ! is_supported "$minor"; then
            die "$EXIT_MACHINE" "$OPT_PYTHON is Python $major.$minor; the kit has locks for Python $SUPPORTED_RANGE: $(install_hint)"
        fi
        PYTHON="$(command -v "$OPT_PYTHON")" PY_MINOR="$minor"
        return
    fi
    # Newest first, so the first that runs is the best (the newest gets the newest
    # ansible-core); plain python3 only when no versioned name runs. A Python the kit
    # has no lock for is passed over, never run with another version's lock.
    read -r -a minors <<<"$SUPPORTED"
    for candidate in "${minors[@]/#/python3.}" python3; do
        command -v "$candidate" >/dev/null 2>&1 || continue
        read -r major minor <<<"$(python_version "$candidate")"
        if [ "$major" = 3 ] && is_supported "$minor"; then
            PYTHON="$(command -v "$candidate")" PY_MINOR="$minor"
            return
        fi
    done
    die "$EXIT_MACHINE" "no Python $SUPPORTED_RANGE on PATH; $(install_hint)"
}

# -- the tool venv -------------------------------------------------------------------------
checksum() {
    if command -v sha256sum >/dev/null 2>&1; then sha256sum "$@"; else shasum -a 256 "$@"; fi
}

check_writable() {
    local probe
    # A probe a killed run left behind (the run lock says no other run is probing).
    rm -f "$HOME"/.beachhouse-probe.??????
    probe="$(mktemp "$HOME/.beachhouse-probe.XXXXXX" 2>/dev/null)" ||
        die "$EXIT_MACHINE" "cannot write to \$HOME ($HOME): it is read-only or full; free space or fix its permissions"
    rm -f "$probe"
    local free_kb need_kb=20480
    [ -x "$VENV/bin/python" ] || need_kb=204800
    free_kb="$(df -Pk "$HOME" 2>/dev/null | awk 'NR == 2 { print $4 }')"
    if [ -n "$free_kb" ] && [ "$free_kb" -lt "$need_kb" ]; then
        die "$EXIT_MACHINE" "\$HOME has $((free_kb / 1024)) MB free and the kit needs $((need_kb / 1024)) MB; free some space (e.g. 'pip cache purge') and retry"
    fi
}

# The Python that built a working tool venv stays the kit's Python (probing every
# candidate on PATH costs a lot where pyenv shims stand in for them); --python moves it.
reuse_tool_python() {
    local minor python
    [ -z "$OPT_PYTHON" ] && [ -r "$VENV/.beachhouse-lock" ] || return 1
    read -r _ minor python <"$VENV/.beachhouse-lock" || return 1
    # A kit that no longer locks that Python picks another.
    [ -f "$KIT/requirements/py3.$minor.txt" ] || return 1
    [ -n "$python" ] && venv_has_ansible || return 1
    PYTHON="$python" PY_MINOR="$minor" VENV_RUNS=1
}

# The lock for this Python; the venv is rebuilt only when it or the Python changes.
ensure_tool_venv() {
    local lock="$KIT/requirements/py3.$PY_MINOR.txt" want
    want="$(checksum "$lock" | cut -d' ' -f1) $PY_MINOR $PYTHON"
    # reuse_tool_python may have seen the venv find ansible already: once is enough.
    if [ "$(cat "$VENV/.beachhouse-lock" 2>/dev/null)" = "$want" ] &&
        { [ "${VENV_RUNS:-0}" = 1 ] || venv_has_ansible; }; then
        return
    fi
    if [ "$OPT_CHECK" = 1 ]; then
        # A dry run may not write to $HOME, so it runs from a throwaway venv in /tmp.
        VENV="$RUN_DIR/venv"
        say "--check: using a throwaway tool venv outside \$HOME"
    else
        say "installing the tool venv with Python 3.$PY_MINOR (ansible-core, cookiecutter, pre-commit)"
        make_dirs "$DATA_DIR"
    fi
    # No package cache may stay in $HOME (AWS CloudShell keeps only 1 GB).
    local cache
    cache="$(mktemp -d "${TMPDIR:-/tmp}/beachhouse-cache.XXXXXX")"
    TEMP_DIRS+=("$cache")
    export UV_CACHE_DIR="${UV_CACHE_DIR:-$cache}" PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
    local uv
    uv="$(find_uv "$cache")"
    rm -f "$VENV/.beachhouse-lock"
    seam venv-unlocked
    # Whatever is there is untrusted: a venv half removed is no venv to uv's --clear.
    rm -rf "$VENV"
    if [ -n "$uv" ]; then
        install_with "$uv" venv --quiet --clear --python "$PYTHON" "$VENV"
        seam venv-made
        # Compiled now, so later runs neither pay for it nor write into the venv.
        install_with "$uv" pip install --quiet --compile-bytecode --python "$VENV/bin/python" --require-hashes -r "$lock"
    else
        install_with "$PYTHON" -m venv "$VENV"
        seam venv-made
        install_with "$VENV/bin/python" -m pip install --quiet --require-hashes -r "$lock"
    fi
    seam venv-installed
    printf '%s\n' "$want" >"$VENV/.beachhouse-lock"
    seam venv-ready
    [ "$OPT_CHECK" = 1 ] || eol_notice
}

# mkdir -p that remembers which folders it made (the state folder, where it keeps that
# record, included), so a failed first install or an uninstall can take them away.
make_dirs() {
    local target dir missing=()
    for target in "$STATE_DIR" "$1"; do
        dir="$target"
        while [ ! -d "$dir" ]; do
            missing+=("$dir")
            dir="$(dirname "$dir")"
        done
        mkdir -p "$target"
    done
    [ "${#missing[@]}" -eq 0 ] || printf '%s\n' "${missing[@]}" >>"$STATE_DIR/created-dirs"
}

# Undo make_dirs: deepest first; a folder that holds something else now stays.
remove_created_dirs() {
    local list="$STATE_DIR/created-dirs" dirs
    [ -f "$list" ] || return 0
    dirs="$(sort -ru "$list")"
    rm -f "$list"
    while read -r dir; do ignore rmdir "$dir" 2>/dev/null; done <<<"$dirs"
}

install_with() {
    local out
    if ! out="$("$@" 2>&1)"; then
        printf '%s\n' "$out" | tail -n 3 >&2
        rm -rf "$VENV"
        [ -e "$STATE_DIR/manifest.json" ] || remove_created_dirs
        die "$EXIT_MACHINE" "could not install the tool venv from PyPI (the lines above say why; no network?); fix that and run ./bootstrap.sh again"
    fi
}

# An opt-in newer Python in user space (uv's managed Pythons, from python-build-standalone
# releases): where the network allows, it lifts a 3.9 shell to the newest ansible-core.
managed_python() {
    local uv cache
    cache="$(mktemp -d "$RUN_DIR/uv-cache.XXXXXX")"
    uv="$(find_uv "$cache")"
    [ -n "$uv" ] || die "$EXIT_MACHINE" "--managed-python needs uv, which could not be installed from PyPI; check the network"
    local into="${UV_PYTHON_INSTALL_DIR:-${XDG_DATA_HOME:-$HOME/.local/share}/uv/python}" fresh=0
    [ -d "$into" ] || fresh=1
    say "fetching Python $OPT_MANAGED_PYTHON with uv (into $(tilde "$into"))"
    make_dirs "$into"
    if ! UV_PYTHON_INSTALL_DIR="$into" "$uv" python install --quiet "$OPT_MANAGED_PYTHON" >/dev/null 2>&1; then
        [ "$fresh" = 0 ] || rm -rf "$into"
        remove_created_dirs
        die "$EXIT_MACHINE" "could not fetch Python $OPT_MANAGED_PYTHON (uv needs to reach GitHub); run without --managed-python"
    fi
    OPT_PYTHON="$(UV_PYTHON_INSTALL_DIR="$into" "$uv" python find --managed-python "$OPT_MANAGED_PYTHON")"
}

# uv from PATH, or a pinned uv fetched from PyPI into a throwaway dir; empty: use pip.
find_uv() {
    if command -v uv >/dev/null 2>&1; then
        command -v uv
        return
    fi
    if "$PYTHON" -m pip --version >/dev/null 2>&1 &&
        "$PYTHON" -m pip install --quiet --no-cache-dir --disable-pip-version-check \
            --no-deps --only-binary :all: --target "$1/uv" --require-hashes -r "$KIT/requirements/uv.txt" >/dev/null 2>&1 &&
        [ -x "$1/uv/bin/uv" ]; then
        echo "$1/uv/bin/uv"
    fi
}

# ansible-core 2.15 (Python 3.9) and 2.17 (3.10) are past their end of life: say so once.
eol_notice() {
    [ "$PY_MINOR" -le 10 ] || return 0
    local seen="$STATE_DIR/eol-notice-shown"
    [ -f "$seen" ] && return 0
    warn "Python 3.$PY_MINOR can only run an ansible-core past its end of life; the kit works with it all the same."
    warn "For a supported one: ./bootstrap.sh --managed-python 3.12 (fetches it into your home; needs GitHub), or --python PATH."
    mkdir -p "$STATE_DIR" && : >"$seen"
}

# -- config and the fast path ----------------------------------------------------------------
kit_python() {
    PYTHONPATH="$KIT/lib" "$VENV/bin/python" -s -m beachhouse "$@"
}

# The variables of a config already validated against this schema are reused as they
# are: validating means importing jsonschema, which alone costs 0.2 s.
validate_config() {
    local out="$RUN_DIR/config.json" cached="$STATE_DIR/config.json" key
    if [ ! -e "$CONFIG" ]; then
        echo '{}' >"$out"
        return
    fi
    key="$(checksum "$CONFIG" "$KIT/lib/beachhouse/config.schema.json" | cut -d' ' -f1 | tr -d '\n')"
    if [ -f "$cached" ] && [ "$(cat "$cached.key" 2>/dev/null)" = "$key" ]; then
        cp "$cached" "$out"
        return
    fi
    kit_python config "$CONFIG" --out "$out" || refuse_config
    seam config-valid
    if [ "$OPT_CHECK" = 0 ]; then
        mkdir -p "$STATE_DIR" && cp "$out" "$cached" && printf '%s\n' "$key" >"$cached.key"
    fi
}

# A config refused: one line said why (config.py). A first install takes back the tool
# venv it just built, so a refused config leaves the home as it found it.
refuse_config() {
    if [ "$OPT_CHECK" = 0 ] && [ ! -e "$STATE_DIR/installed.json" ] && [ ! -e "$STATE_DIR/manifest.json" ]; then
        rm -rf "$VENV"
        rm -f "$STATE_DIR/eol-notice-shown"
        remove_created_dirs
    fi
    exit "$EXIT_CONFIG"
}

# A value for facts.json: a string in Ansible's JSON form of an unsafe value, never
# templated (a kit checked out under a folder named `{{ x }}` or `"a"` stays just that).
# check_home_layout refused control characters, so only \ and " need escaping.
json_data() {
    local text="${1//\\/\\\\}"
    printf '{"__ansible_unsafe": "%s"}' "${text//\"/\\\"}"
}

# Facts computed once and passed down to every role. A fleet's hosts keep their own
# platform (inventory vars, else linux) and have no tool venv.
write_facts() {
    local tool_venv=""
    [ -n "$OPT_INVENTORY" ] || tool_venv="$(tilde "$DATA_DIR/venv")"
    {
        printf '{'
        [ -n "$OPT_INVENTORY" ] || echo "\"beachhouse_platform\": $(json_data "$PLATFORM"),"
        echo "\"beachhouse_kit_src\": $(json_data "$KIT"),"
        echo "\"beachhouse_config_dir\": $(json_data "$(tilde "$CONFIG_DIR")"),"
        echo "\"beachhouse_state_dir\": $(json_data "$(tilde "$STATE_DIR")"),"
        echo "\"beachhouse_data_dir\": $(json_data "$(tilde "$DATA_DIR")"),"
        [ "$OPT_PURGE_VENVS" = 0 ] || echo '"beachhouse_purge_venvs": true,'
        echo "\"beachhouse_tool_venv\": $(json_data "$tool_venv")}"
    } >"$RUN_DIR/facts.json"
}

# A whole, real, local run: the only kind whose outcome the manifest may record.
whole_local_run() {
    [ "$OPT_CHECK$OPT_DIFF$OPT_UNINSTALL" = 000 ] && [ -z "$OPT_TAGS$OPT_SKIP_TAGS$OPT_INVENTORY" ]
}

# Such a run may skip Ansible when the manifest proves nothing changed.
fast_path_allowed() {
    whole_local_run && [ "$OPT_FULL" = 0 ]
}

manifest() {
    kit_python manifest "$1" --kit "$KIT" --state-dir "$STATE_DIR" \
        --inputs "$RUN_DIR/config.json" "$RUN_DIR/facts.json" "$VENV/.beachhouse-lock" \
        --config-file "$CONFIG"
}

# -- Ansible -----------------------------------------------------------------------------------
run_playbook() {
    local playbook="$1" code=0 logs="$STATE_DIR/logs"
    # A dry run writes nothing under $HOME, its log included: that goes to a private
    # folder of its own, which outlives the run so the log can be read.
    [ "$OPT_CHECK" = 0 ] || logs="$(mktemp -d "${TMPDIR:-/tmp}/beachhouse-check-logs.XXXXXX")"
    private_dir "$logs"
    LOG="$logs/$(date +%Y%m%dT%H%M%S).log"
    private_file "$LOG"
    # The config is the `all` group's vars of one more inventory source, listed last: it
    # beats role defaults and the inventory's own `all` group, while a fleet's named groups
    # and host_vars beat it, as Ansible users expect. The facts are extra vars: they win.
    local config_inventory="$RUN_DIR/config-inventory"
    mkdir -p "$config_inventory/group_vars"
    printf 'all:\n  hosts: {}\n' >"$config_inventory/hosts.yml"
    # As data: every string of it marked unsafe, so no {{ }} in it is ever templated.
    kit_python config "$RUN_DIR/config.json" --ansible --out "$config_inventory/group_vars/all.json"
    local args=("$KIT/playbooks/$playbook" -e "@$RUN_DIR/facts.json")
    if [ -n "$OPT_INVENTORY" ]; then
        [ -f "$OPT_INVENTORY" ] || die "$EXIT_USAGE" "--inventory $OPT_INVENTORY: no such file"
        args+=(-i "$OPT_INVENTORY" -i "$config_inventory")
        [ -z "$OPT_LIMIT" ] || args+=(--limit "$OPT_LIMIT")
        args+=(--forks "${OPT_FORKS:-8}")
        # SSH's shared connections (ControlPersist) serve this run's tasks; their sockets
        # go to a private folder of the run, not ~/.ansible/cp nor a guessable /tmp name,
        # and one with a short path: a socket's path may not be long.
        if [ -z "${ANSIBLE_SSH_CONTROL_PATH_DIR:-}" ]; then
            local short="${TMPDIR:-/tmp}"
            [ "${#short}" -le 40 ] || short=/tmp
            ANSIBLE_SSH_CONTROL_PATH_DIR="$(mktemp -d "$short/bh-ssh.XXXXXX")"
            TEMP_DIRS+=("$ANSIBLE_SSH_CONTROL_PATH_DIR")
            export ANSIBLE_SSH_CONTROL_PATH_DIR
        fi
        # Each remote user keeps Ansible's own per-user default (~/.ansible/tmp, used only
        # when pipelining cannot be): a /tmp path named after this controller's uid would be
        # another user's, or nobody's, on a host that several users share.
    else
        args+=(-i "$KIT/playbooks/inventory/local.yml" -i "$config_inventory")
        args+=(-e "ansible_python_interpreter=$VENV/bin/python")
        export ANSIBLE_REMOTE_TEMP="${ANSIBLE_REMOTE_TEMP:-$RUN_DIR/ansible/remote}"
    fi
    [ "$OPT_CHECK" = 0 ] || args+=(--check)
    [ "$OPT_DIFF" = 0 ] || args+=(--diff)
    [ -z "$OPT_TAGS" ] || args+=(--tags "$OPT_TAGS")
    [ -z "$OPT_SKIP_TAGS" ] || args+=(--skip-tags "$OPT_SKIP_TAGS")
    # Ansible's own scratch space goes to /tmp, not ~/.ansible.
    export ANSIBLE_CONFIG="$KIT/playbooks/ansible.cfg" ANSIBLE_HOME="$RUN_DIR/ansible"
    export ANSIBLE_LOCAL_TEMP="$RUN_DIR/ansible/tmp"
    # The summary feeds fleet_outcome; the log the callback's detail.
    export BEACHHOUSE_LOG="$LOG" BEACHHOUSE_SUMMARY="$RUN_DIR/summary.json"
    seam "${playbook%.yml}-start"
    if [ "$OPT_VERBOSE" = 1 ]; then
        ANSIBLE_STDOUT_CALLBACK=default "$VENV/bin/ansible-playbook" "${args[@]}" 2>&1 | tee -a "$LOG" || code=$?
    else
        "$VENV/bin/ansible-playbook" "${args[@]}" || code=$?
    fi
    # Keep the ten newest logs; their names sort by time.
    local old=("$logs"/*.log)
    [ "${#old[@]}" -le 10 ] || rm -f "${old[@]:0:${#old[@]}-10}"
    seam "${playbook%.yml}-done"
    return "$code"
}

finish() {
    local code="$1"
    case "$code" in
        0) if [ "$OPT_CHECK" = 1 ]; then say "dry run: nothing was changed; log: $LOG"; else say "done; log: $(tilde "$LOG")"; fi ;;
        4) [ -n "$OPT_INVENTORY" ] && die "$EXIT_HOSTS" "$(fleet_outcome); log: $(tilde "$LOG")"
           die "$EXIT_FAILED" "Ansible could not reach this machine; log: $(tilde "$LOG")" ;;
        *) [ -n "$OPT_INVENTORY" ] && die "$EXIT_HOSTS" "$(fleet_outcome); log: $(tilde "$LOG")"
           die "$EXIT_FAILED" "a role failed (its line above says why); a rerun picks up where this one stopped; log: $(tilde "$LOG")" ;;
    esac
}

# Which hosts failed and which were unreachable, from the callback's summary: Ansible's
# own exit code says only that at least one host was unreachable.
fleet_outcome() {
    "$VENV/bin/python" -S - "$RUN_DIR/summary.json" <<'EOF' 2>/dev/null || echo "some hosts failed or were unreachable"
import json, sys
hosts = json.load(open(sys.argv[1]))["hosts"]
failed = sorted(name for name, row in hosts.items() if row["failed"])
gone = sorted(name for name, row in hosts.items() if row["unreachable"] and not row["failed"])
parts = ["some hosts failed (%s)" % ", ".join(failed)] if failed else []
parts += ["some hosts were unreachable (%s)" % ", ".join(gone)] if gone else []
print("; ".join(parts) + "; the others are done" if parts else "some hosts failed")
EOF
}

cleanup() {
    local dir
    for dir in "${TEMP_DIRS[@]}"; do rm -rf "$dir"; done
    release_run_lock
    drop_unused_run_lock
}

uninstall() {
    if [ "$OPT_YES" = 0 ]; then
        printf 'Remove beachhouse from %s and restore your original files? [y/N] ' "$HOME"
        local answer
        read -r answer
        [[ "$answer" == [yY]* ]] || die "$EXIT_FAILED" "nothing removed"
    fi
    local code=0
    run_playbook uninstall.yml || code=$?
    [ "$code" = 0 ] || finish "$code"
    if [ "$OPT_CHECK" = 0 ] && [ -z "$OPT_INVENTORY" ]; then
        # The venv's lock first: a venv half removed by a kill must never be trusted.
        rm -f "$VENV/.beachhouse-lock"
        seam uninstall-venv-unlocked
        rm -rf "$VENV" "$DATA_DIR/src" "$DATA_DIR"/src-* "$DATA_DIR"/.src-new.* "$DATA_DIR"/.src-link.* \
            "$STATE_DIR/manifest.json" "$STATE_DIR/manifest.marshal" "$STATE_DIR/logs" "$STATE_DIR/eol-notice-shown" \
            "$STATE_DIR/config.json" "$STATE_DIR/config.json.key" "$STATE_DIR/generations" "$RUN_LOCK"
        seam uninstall-removed
        remove_created_dirs
        say "removed; your original files are back (copies stay in $(tilde "$STATE_DIR")/backups)"
    fi
}

main() {
    setup_colour
    parse_args "$@"
    set_paths
    tighten_umask
    check_home_layout
    TEMP_DIRS=() RUN_LOCK_DIRS=()
    trap cleanup EXIT
    trap 'exit 130' INT TERM
    take_run_lock
    locate_kit
    choose_config
    check_home_layout # again: now the kit's own path is known too
    check_fork_home
    # Ansible 2.19+ puts a unix socket in here, whose path may not be long.
    local tmp="${TMPDIR:-/tmp}"
    [ "${#tmp}" -le 60 ] || tmp=/tmp
    RUN_DIR="$(mktemp -d "$tmp/beachhouse-run.XXXXXX")"
    TEMP_DIRS+=("$RUN_DIR")
    detect_platform
    [ -z "$OPT_MANAGED_PYTHON" ] || managed_python
    reuse_tool_python || find_python
    if [ "$OPT_CHECK" = 1 ]; then
        export PYTHONDONTWRITEBYTECODE=1 # not even a .pyc in the tool venv
    else
        check_writable
    fi
    ensure_tool_venv
    write_facts
    if [ "$OPT_UNINSTALL" = 1 ]; then
        echo '{}' >"$RUN_DIR/config.json"
        uninstall
        return
    fi
    validate_config
    if fast_path_allowed && manifest check; then
        say "up to date"
        return
    fi
    local code=0
    run_playbook site.yml || code=$?
    if [ "$code" = 0 ] && whole_local_run; then
        manifest write
    fi
    finish "$code"
}

[ -n "${BEACHHOUSE_NO_MAIN:-}" ] || main "$@"
