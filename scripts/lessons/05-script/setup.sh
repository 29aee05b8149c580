#!/usr/bin/env bash
# Lesson 5 setup: an empty workspace; the check greets a name of its own choosing.
# shellcheck disable=SC2034 # NAME is read by check.sh

lesson_data() {
  rng_pick Ada Grace Linus Margaret Dennis Barbara Ken Radia Guido Frances
  NAME=$REPLY
}

lesson_setup() {
  lesson_data
}
