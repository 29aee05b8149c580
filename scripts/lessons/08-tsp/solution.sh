#!/usr/bin/env bash
# Lesson 8, in the workspace: tsp.py is printed below.
here=${BASH_SOURCE[0]:-$0}
cp "${here%/*}/solution/tsp.py" .
chmod +x tsp.py
./tsp.py 25 | tail -n 2
