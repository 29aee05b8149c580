#!/usr/bin/env bash
# Lesson 9 setup: a height/weight data set of 25,000 people, per learner.
# shellcheck disable=SC2154 # SEED and LESSON_DIR come from the runner

lesson_data() { :; }

lesson_setup() {
  awk -v seed="$SEED" -f "$LESSON_DIR/gen-people.awk" >people.csv
}
