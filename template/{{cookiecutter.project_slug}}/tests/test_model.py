"""The model: trained from the bundled iris data, saved, loaded, and fed checked input."""

import math

import pytest
from sklearn.datasets import load_iris

from {{ cookiecutter.package_name }} import model

SETOSA = {"sepal_length": 5.1, "sepal_width": 3.5, "petal_length": 1.4, "petal_width": 0.2}
VERSICOLOR = {"sepal_length": 6.0, "sepal_width": 2.7, "petal_length": 4.2, "petal_width": 1.3}
VIRGINICA = {"sepal_length": 6.7, "sepal_width": 3.0, "petal_length": 5.8, "petal_width": 2.2}


@pytest.fixture(name="trained", scope="module")
def fixture_trained(tmp_path_factory):
    return model.load(model.train(tmp_path_factory.mktemp("model") / "model.joblib"))


def test_model_learns_the_training_data(trained):
    features, target = load_iris(return_X_y=True)
    assert trained["estimator"].score(features, target) > 0.9


# One known flower of each class: this also proves CLASSES follows the data's target order.
@pytest.mark.parametrize(
    ("flower", "species"),
    [(SETOSA, "setosa"), (VERSICOLOR, "versicolor"), (VIRGINICA, "virginica")],
)
def test_predicts_the_species(trained, flower, species):
    assert model.predict(trained, model.features_from(flower)) == species


def test_missing_model_names_the_fix(tmp_path):
    with pytest.raises(FileNotFoundError, match="make train"):
        model.load(tmp_path / "absent.joblib")


def test_missing_field_is_named():
    with pytest.raises(ValueError, match="petal_width"):
        model.features_from({k: v for k, v in SETOSA.items() if k != "petal_width"})


@pytest.mark.parametrize("bad", ["5.1", None, True, math.nan, [5.1]])
def test_non_numeric_field_is_refused(bad):
    with pytest.raises(ValueError, match="sepal_length"):
        model.features_from({**SETOSA, "sepal_length": bad})


def test_non_object_body_is_refused():
    with pytest.raises(ValueError, match="JSON object"):
        model.features_from([5.1, 3.5, 1.4, 0.2])


def test_main_saves_a_model(tmp_path, capsys):
    out = tmp_path / "m.joblib"
    assert model.main(["--output", str(out)]) == 0
    assert out.is_file()
    assert str(out) in capsys.readouterr().out


def test_negative_length_is_refused():
    with pytest.raises(ValueError, match="negative"):
        model.features_from({**SETOSA, "petal_width": -0.2})


def test_the_estimator_is_built_untrained_and_learns_the_data():
    features, target = model.load_data()
    assert features.shape == (150, len(model.FEATURES))
    estimator = model.build_estimator()
    assert estimator.fit(features, target).score(features, target) > 0.9
