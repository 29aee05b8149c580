#!/usr/bin/env bash
# Lesson 7, in the workspace: change.py and test_change.py are printed below.
here=${BASH_SOURCE[0]:-$0}
cp "${here%/*}"/solution/change.py "${here%/*}"/solution/test_change.py .
python3 -m pytest -q
