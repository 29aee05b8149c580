#!/usr/bin/env bash
# App Service's startup command (azure-pipelines.yml sets it): serve the model the
# pipeline trained. App Service routes its public port to 8000 in the container.
set -euo pipefail
exec gunicorn --bind "0.0.0.0:${PORT:-8000}" --workers 2 --timeout 120 \
  "{{ cookiecutter.package_name }}.app:create_app()"
