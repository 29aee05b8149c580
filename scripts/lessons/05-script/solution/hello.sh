#!/usr/bin/env bash
set -euo pipefail
if [ "$#" -eq 0 ]; then
  echo "Hello, world!"
  exit 0
fi
if [[ $1 == -* ]]; then
  echo "usage: ./hello.sh [NAME...]" >&2
  exit 2
fi
for name in "$@"; do
  echo "Hello, $name!"
done
