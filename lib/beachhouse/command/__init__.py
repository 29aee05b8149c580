"""The `beachhouse` command: status, apply, diff, doctor, edit, update, rollback, uninstall."""
