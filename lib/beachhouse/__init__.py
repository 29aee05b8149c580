"""The Python side of bootstrap.sh: config validation and the no-change fast path."""
