#!/usr/bin/env bash
# Lesson 1, in the workspace. Plain ls prints one name a line into a pipe, and no 'total' line.
# shellcheck disable=SC2012 # the lesson is about ls; its names are plain
ls tools | wc -l >count.txt
which wc >wc-path.txt
# -S sorts by size, biggest first.
# shellcheck disable=SC2012 # as above
ls -S tools | head -n 1 >largest.txt
