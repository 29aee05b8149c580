#!/usr/bin/env bash
# Lesson 4 check: what must persist is asked of a fresh interactive shell reading the learner's
# rc file; what must be live now is asked of the shell that ran the learn function.
# shellcheck disable=SC2154,SC2153 # WS, LEARNER_PWD, REPLY and the data come from the runner
# shellcheck disable=SC2088 # messages show paths as the learner types them, with ~

# Start the learner's shell afresh, with nothing inherited but the basics, and report on it:
# the @@ lines on standard output, everything it holds in $PROBE/held, and in $PROBE/trace
# the shell's trace, each command prefixed with the file it came from.
fresh_shell_report() {
  local shell=$1
  # shellcheck disable=SC2016 # expanded by the fresh shell, not this one
  local probe='set +x
cd / || exit 1
if alias proj >/dev/null 2>&1; then echo "@@proj=alias"
elif typeset -f proj >/dev/null 2>&1; then echo "@@proj=function"
else echo "@@proj=none"; fi
if printenv AWS_DEFAULT_REGION >/dev/null; then echo "@@exported=yes"; fi
echo "@@region=${AWS_DEFAULT_REGION-@unset}"
if [ -n "${ZSH_VERSION:-}" ]; then { typeset; alias; functions; } >"$PROBE/held" 2>&1
else { set; alias; } >"$PROBE/held" 2>&1; fi
proj >/dev/null 2>&1 </dev/null
echo "@@pwd=$PWD"
echo "@@venv=${VIRTUAL_ENV:-}"'
  local path=${PATH}
  # The venv that may be active here must not leak into the fresh shell.
  [ -z "${VIRTUAL_ENV:-}" ] || path=${path//"$VIRTUAL_ENV/bin:"/}
  local run=(env -i HOME="$HOME" USER="${USER:-}" LOGNAME="${LOGNAME:-}" PATH="$path" TERM=dumb
    LANG="${LANG:-C.UTF-8}" PROBE="$PROBE")
  if [ "$shell" = zsh ]; then
    # %x: the file each traced command comes from.
    "${run[@]}" PS4='+%x|' zsh -x -ic "$probe" </dev/null 2>"$PROBE/trace"
  else
    # bash takes no PS4 from the environment when run as root: set it in the rc file it reads.
    # shellcheck disable=SC2016 # for the fresh shell
    printf '%s\n' 'PS4='\''+${BASH_SOURCE[0]}|'\''' 'set -x' \
      '[ ! -r /etc/bash.bashrc ] || . /etc/bash.bashrc' '[ ! -r ~/.bashrc ] || . ~/.bashrc' \
      'set +x' >"$PROBE/rc"
    "${run[@]}" bash --rcfile "$PROBE/rc" -ic "$probe" </dev/null 2>"$PROBE/trace"
  fi
}

# FOUND = the files the fresh shell read (from its trace) and the login files, holding SECRET.
files_holding_secret() {
  local line file seen=$'\n' f
  FOUND=()
  while IFS= read -r line; do
    [[ $line == +*'|'* ]] || continue
    file=${line#"${line%%[!+]*}"}
    file=${file%%|*}
    [[ $file == /* ]] || continue
    case "$seen" in *$'\n'"$file"$'\n'*) continue ;; esac
    seen+="$file"$'\n'
  done <"$PROBE/trace"
  for f in ~/.bashrc ~/.zshrc ~/.profile ~/.bash_profile ~/.bash_login ~/.bash_aliases \
    ~/.zprofile ~/.zshenv ~/.zlogin; do
    case "$seen" in *$'\n'"$f"$'\n'*) ;; *) seen+="$f"$'\n' ;; esac
  done
  while IFS= read -r f; do
    [ -n "$f" ] && [ -f "$f" ] && grep -qF "$SECRET" "$f" 2>/dev/null && tildify "$f" &&
      FOUND+=("$REPLY")
  done <<<"$seen"
}

# The fresh shell's reports go to a folder of their own, removed whatever the outcome.
lesson_check() {
  PROBE=$(mktemp -d) || return
  lesson_steps
  local rc=$?
  rm -rf "$PROBE"
  return "$rc"
}

lesson_steps() {
  lesson_data
  local shell rc line proj='' exported='' region='' pwd='' venv='' held
  learner_shell
  shell=$REPLY
  rc=~/.${shell}rc
  tildify "$rc"
  local rc_shown=$REPLY

  step "project/ and its venv are where learn start put them"
  need_file project/.venv/bin/activate || return

  step "$rc_shown defines the alias proj"
  command -v "$shell" >/dev/null || fail "$shell: not installed, so its rc file cannot be tried" ||
    return
  while IFS= read -r line; do
    case "$line" in
      @@proj=*) proj=${line#@@proj=} ;;
      @@exported=yes) exported=1 ;;
      @@region=*) region=${line#@@region=} ;;
      @@pwd=*) pwd=${line#@@pwd=} ;;
      @@venv=*) venv=${line#@@venv=} ;;
    esac
  done < <(fresh_shell_report "$shell")
  [ -n "$proj" ] || fail "$shell -i: did not start (is $rc_shown broken? try: $shell -i)" || return
  [ "$proj" != none ] ||
    fail "$rc_shown: no alias named 'proj' (a fresh interactive $shell does not know it)" || return

  step "in a fresh shell, proj goes into project/ and activates its venv"
  tildify "$pwd"
  [ -n "$pwd" ] && [ "$pwd" -ef project ] ||
    fail "after proj, a fresh $shell stood in '$REPLY', not in $WS_SHOWN/project" || return
  tildify "$venv"
  [ -n "$venv" ] && [ "$venv" -ef project/.venv ] ||
    fail "after proj, a fresh $shell had VIRTUAL_ENV='$REPLY', expected $WS_SHOWN/project/.venv" ||
    return

  step "$rc_shown exports AWS_DEFAULT_REGION=$REGION"
  [ "$region" != @unset ] ||
    fail "$rc_shown: AWS_DEFAULT_REGION is not set in a fresh $shell" || return
  [ -n "$exported" ] ||
    fail "$rc_shown: sets AWS_DEFAULT_REGION but does not export it" || return
  [ "$region" = "$REGION" ] ||
    fail "$rc_shown: AWS_DEFAULT_REGION is '$region'; project/settings.txt says $REGION" || return

  step "the secret is in no file a fresh $shell reads, nor in anything it holds"
  files_holding_secret
  [ "${#FOUND[@]}" -eq 0 ] ||
    fail "${FOUND[*]}: holds the secret from project/secret.txt; take it out" || return
  held=$(grep -F "$SECRET" "$PROBE/held" 2>/dev/null | head -n 1)
  [ -z "$held" ] ||
    fail "a fresh $shell holds the secret in ${held%%=*}: no rc file may read it at start-up;" \
      "read it only in the command that needs it: TOKEN=\$(cat ~/.config/proj/secret) command" ||
    return

  step "the secret lives in ~/.config/proj/secret, readable by you alone"
  [ -f ~/.config/proj/secret ] || fail "~/.config/proj/secret: no such file" || return
  grep -qxF "$SECRET" ~/.config/proj/secret ||
    fail "~/.config/proj/secret: does not hold the secret from project/secret.txt" || return
  line=$(stat -c %a ~/.config/proj/secret)
  [ "$line" = 600 ] || [ "$line" = 400 ] ||
    fail "~/.config/proj/secret: its mode is $line, so others can read it (chmod 600 fixes that)" ||
    return

  step "project/secret.txt is gone, so it can never be committed"
  [ ! -e project/secret.txt ] || fail "project/secret.txt: still there" || return

  if [ -n "${LEARN_WATCHING:-}" ]; then
    skip "your current shell has loaded $rc_shown, and you ran proj in it" \
      "the watch cannot see the shell you type in: there, source $rc_shown, run proj and learn check"
    return 0
  fi

  step "your current shell has loaded $rc_shown"
  live_known ||
    fail "cannot see your shell: run learn from your interactive shell, where it is a function" \
      "(type learn should say 'learn is a function'; if not: source <kit>/scripts/learn.sh)" ||
    return
  live_has_alias proj || live_has_function proj ||
    fail "your shell has no alias proj yet: source $rc_shown (or open a new terminal)" || return
  if [ "${AWS_DEFAULT_REGION:-}" != "$REGION" ]; then
    if live_has_var AWS_DEFAULT_REGION && ! printenv AWS_DEFAULT_REGION >/dev/null; then
      fail "your shell sets AWS_DEFAULT_REGION but does not export it" || return
    fi
    fail "your shell has AWS_DEFAULT_REGION='${AWS_DEFAULT_REGION:-}': source $rc_shown" || return
  fi

  step "you ran proj: you are in project/ with its venv active"
  tildify "${VIRTUAL_ENV:-}"
  [ -n "${VIRTUAL_ENV:-}" ] && [ "$VIRTUAL_ENV" -ef project/.venv ] ||
    fail "your shell has VIRTUAL_ENV='$REPLY': run proj, then learn check" || return
  tildify "$LEARNER_PWD"
  [ "$LEARNER_PWD" -ef project ] ||
    fail "your shell is in $REPLY, not in $WS_SHOWN/project: run proj, then learn check" || return
}
