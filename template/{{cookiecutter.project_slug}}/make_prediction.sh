#!/usr/bin/env bash
# Ask a running server (`make run`) for one prediction; HOST and PORT pick another server.
set -euo pipefail

HOST="${HOST:-127.0.0.1}"
PORT="${PORT:-8000}"

curl --silent --show-error --fail \
  --header "Content-Type: application/json" \
  --data '{"sepal_length": 5.1, "sepal_width": 3.5, "petal_length": 1.4, "petal_width": 0.2}' \
  "http://${HOST}:${PORT}/predict"
echo
