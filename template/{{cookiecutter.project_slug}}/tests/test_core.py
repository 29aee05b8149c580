"""summarize(): the numbers a user would give it, and the ones it must refuse."""

import math

import pytest

from {{ cookiecutter.package_name }} import __version__
from {{ cookiecutter.package_name }}.core import Summary, summarize


def test_summary_of_three_numbers():
    assert summarize([3, 1, 2]) == Summary(count=3, mean=2.0, minimum=1.0, maximum=3.0)


def test_mean_of_many_tenths_is_exact():
    assert summarize([0.1] * 10).mean == 0.1


def test_no_numbers_is_an_error():
    with pytest.raises(ValueError, match="at least one number"):
        summarize([])


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
def test_non_finite_numbers_are_refused(bad):
    with pytest.raises(ValueError, match="finite"):
        summarize([1.0, bad])


def test_version_comes_from_the_project_metadata():
    assert __version__ == "0.1.0"
