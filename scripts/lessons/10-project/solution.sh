#!/usr/bin/env bash
# Lesson 10, in the workspace (cookiecutter is on PATH after bootstrap).
cookiecutter --no-input "$BEACHHOUSE_KIT/template" project_name="Hello MLOps"
cd -- */ || return
git init -q
make install
make lint test
git add .
git commit -q -m "First version of Hello MLOps, from the kit's template"
cd ..
