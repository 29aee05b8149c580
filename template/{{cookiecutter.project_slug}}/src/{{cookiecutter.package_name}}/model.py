"""Load the iris data, train, save, load and query the classifier: the one home of the model.

The service and the notebook both call these functions, so what the notebook shows is what the
service serves. The data ships inside scikit-learn: no download.
"""

from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path
from typing import Any

import joblib
from sklearn.datasets import load_iris
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import StandardScaler

# The request fields, in the order the model was trained on (centimetres).
FEATURES = ("sepal_length", "sepal_width", "petal_length", "petal_width")
# Iris targets 0, 1 and 2, by name.
CLASSES = ("setosa", "versicolor", "virginica")
DEFAULT_PATH = Path("model.joblib")


def load_data() -> tuple[Any, Any]:
    """The iris measurements (150 rows of FEATURES) and their class numbers."""
    # return_X_y: plain arrays, which pylint can follow (it cannot tell which type load_iris
    # returns otherwise, and flags the Bunch's attributes on older versions).
    features, target = load_iris(return_X_y=True)
    return features, target


def build_estimator() -> Pipeline:
    """The untrained classifier: scaled features into a logistic regression."""
    return make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000))


def train(path: Path = DEFAULT_PATH) -> Path:
    """Fit the classifier on the iris data and save it, with its class names, to path."""
    features, target = load_data()
    estimator = build_estimator().fit(features, target)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    joblib.dump({"estimator": estimator, "classes": list(CLASSES)}, path)
    return path


def load(path: Path = DEFAULT_PATH) -> dict[str, Any]:
    """The saved model; a FileNotFoundError names the command that makes it."""
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"no model at {path}: run `make train` first")
    saved: dict[str, Any] = joblib.load(path)
    return saved


def features_from(payload: Any) -> list[float]:
    """The feature row of a request body; a ValueError says what is missing or wrong."""
    if not isinstance(payload, dict):
        raise ValueError(f"send a JSON object with the fields {', '.join(FEATURES)}")
    missing = [name for name in FEATURES if name not in payload]
    if missing:
        raise ValueError(f"missing field(s): {', '.join(missing)}")
    row = []
    for name in FEATURES:
        value = payload[name]
        # bool is an int to Python, but `true` is no length.
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ValueError(f"field {name!r} must be a number, got {value!r}")
        if not math.isfinite(value):
            raise ValueError(f"field {name!r} must be finite, got {value!r}")
        if value < 0:
            raise ValueError(f"field {name!r} is a length in cm: it cannot be negative")
        row.append(float(value))
    return row


def predict(model: dict[str, Any], row: list[float]) -> str:
    """The predicted species name for one feature row."""
    index = int(model["estimator"].predict([row])[0])
    return str(model["classes"][index])


def main(argv: list[str] | None = None) -> int:
    """`python -m {{ cookiecutter.package_name }}.model --output PATH`: train and save."""
    parser = argparse.ArgumentParser(description="Train the iris model and save it.")
    parser.add_argument("--output", type=Path, default=DEFAULT_PATH, help="where to save it")
    args = parser.parse_args(argv)
    print(f"saved {train(args.output)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
