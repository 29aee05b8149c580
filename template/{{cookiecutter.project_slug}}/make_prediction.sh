#!/usr/bin/env bash
# Ask a running service for one prediction. With no argument it asks `make run` on this
# machine (HOST and PORT pick another); give a URL for a deployed one:
#   ./make_prediction.sh https://<your-app>.azurewebsites.net
set -euo pipefail

HOST="${HOST:-127.0.0.1}"
PORT="${PORT:-8000}"
URL="${1:-http://$HOST:$PORT}"

curl --silent --show-error --fail-with-body \
  --header "Content-Type: application/json" \
  --data '{"sepal_length": 5.1, "sepal_width": 3.5, "petal_length": 1.4, "petal_width": 0.2}' \
  "${URL%/}/predict"
echo
