#!/usr/bin/env bash
# Lesson 5, in the workspace.
cat >hello.sh <<'SCRIPT'
#!/usr/bin/env bash
set -euo pipefail
if [ "$#" -gt 1 ]; then
  echo "usage: ./hello.sh [NAME]" >&2
  exit 2
fi
echo "Hello, ${1:-world}!"
SCRIPT
chmod +x hello.sh
