#!/usr/bin/env bash
# Lesson 1, in the workspace. Plain ls prints one name a line into a pipe, and no 'total' line.
ls tools | wc -l >count.txt
which wc >wc-path.txt
# -S sorts by size, biggest first.
ls -S tools | head -n 1 >largest.txt
