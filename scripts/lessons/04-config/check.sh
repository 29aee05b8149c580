#!/usr/bin/env bash
# Lesson 4 check: what must persist is asked of a fresh interactive shell reading the learner's
# rc file; what must be live now is asked of the shell that ran the learn function.
# shellcheck disable=SC2154,SC2153 # WS, LEARNER_PWD, REPLY and the data come from the runner
# shellcheck disable=SC2088 # messages show paths as the learner types them, with ~

# Start the learner's shell afresh, with nothing inherited but the basics, and report on it.
fresh_shell_report() {
  local shell=$1
  # shellcheck disable=SC2016 # expanded by the fresh shell, not this one
  local probe='cd / || exit 1
if alias proj >/dev/null 2>&1; then echo "@@proj=alias"
elif typeset -f proj >/dev/null 2>&1; then echo "@@proj=function"
else echo "@@proj=none"; fi
if printenv AWS_DEFAULT_REGION >/dev/null; then echo "@@exported=yes"; fi
echo "@@region=${AWS_DEFAULT_REGION-@unset}"
proj >/dev/null 2>&1 </dev/null
echo "@@pwd=$PWD"
echo "@@venv=${VIRTUAL_ENV:-}"'
  local path=${PATH}
  # The venv that may be active here must not leak into the fresh shell.
  [ -z "${VIRTUAL_ENV:-}" ] || path=${path//"$VIRTUAL_ENV/bin:"/}
  env -i HOME="$HOME" USER="${USER:-}" LOGNAME="${LOGNAME:-}" PATH="$path" TERM=dumb \
    LANG="${LANG:-C.UTF-8}" "$shell" -ic "$probe" </dev/null 2>/dev/null
}

lesson_check() {
  lesson_data
  local shell rc line proj='' exported='' region='' pwd='' venv='' f found=()
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

  step "the secret is in no rc file"
  for f in ~/.bashrc ~/.zshrc ~/.profile ~/.bash_profile ~/.bash_login ~/.zprofile ~/.zshenv ~/.zlogin; do
    [ -f "$f" ] && grep -qF "$SECRET" "$f" && tildify "$f" && found+=("$REPLY")
  done
  [ "${#found[@]}" -eq 0 ] ||
    fail "${found[*]}: holds the secret from project/secret.txt; take it out" || return

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
