#!/usr/bin/env bash
# Lesson 4 setup: a project with a venv, its settings, and a secret left lying in it.
# shellcheck disable=SC2034,SC2154 # sets what check.sh reads; SEED comes from the runner

# REGION and SECRET for this learner.
lesson_data() {
  rng_pick us-east-1 us-west-2 eu-west-1 eu-central-1 ap-southeast-2 ap-northeast-1 sa-east-1
  REGION=$REPLY
  rng 1000000000
  printf -v SECRET 'bh-live-%09d%09d' "$REPLY" "$SEED"
}

lesson_setup() {
  lesson_data
  mkdir project
  command -v python3 >/dev/null || {
    echo "lesson 4 needs python3 on PATH to make its venv" >&2
    return 1
  }
  # No pip: the lesson only activates the venv, and this keeps setup quick and offline.
  python3 -m venv --without-pip project/.venv
  printf 'name = proj\nregion = %s\n' "$REGION" >project/settings.txt
  printf '%s\n' "$SECRET" >project/secret.txt
  chmod 644 project/secret.txt
  printf 'print("hello from proj")\n' >project/app.py
}
