#!/usr/bin/env bash
# Lesson 6 setup: an empty workspace; the check asks for a count of its own choosing.
# shellcheck disable=SC2034 # COUNT is read by check.sh

lesson_data() {
  rng 20
  COUNT=$((REPLY + 12))
}

lesson_setup() {
  lesson_data
}
