#!/usr/bin/env bash
# Lesson 6 check: add.py's shebang and mode here; its behaviour in check_add.py.
# shellcheck disable=SC2154 # REPLY, COUNT and LESSON_DIR come from the runner and setup.sh

lesson_check() {
  lesson_data
  local line

  step "add.py starts with #!/usr/bin/env python3"
  need_file add.py || return
  first_line add.py
  line=$REPLY
  shown "$line"
  [[ $line =~ ^#!(/usr/bin/env[[:space:]]+python3?|/usr/bin/python3?)$ ]] ||
    fail "add.py: line 1 is $REPLY, expected #!/usr/bin/env python3" || return

  step "add.py is executable"
  [ -x add.py ] || fail "add.py: not executable (chmod +x add.py)" || return

  python_steps "$LESSON_DIR/check_add.py" "$COUNT"
}
