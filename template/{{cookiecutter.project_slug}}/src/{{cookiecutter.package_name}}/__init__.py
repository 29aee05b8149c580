"""The {{ cookiecutter.package_name }} package."""

from importlib.metadata import version

# One version, in pyproject.toml; the installed metadata hands it on.
__version__ = version("{{ cookiecutter.project_slug }}")
