# Lesson 5, in the workspace.
cat >hello.sh <<'SCRIPT'
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
SCRIPT
chmod +x hello.sh
