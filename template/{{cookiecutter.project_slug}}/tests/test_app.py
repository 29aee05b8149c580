"""The API through Flask's test client: good requests get predictions, bad ones a clear 400."""

import pytest

from {{ cookiecutter.package_name }} import __version__, model
from {{ cookiecutter.package_name }}.app import MAX_BODY_BYTES, create_app

SETOSA = {"sepal_length": 5.1, "sepal_width": 3.5, "petal_length": 1.4, "petal_width": 0.2}


@pytest.fixture(name="client", scope="module")
def fixture_client(tmp_path_factory):
    path = model.train(tmp_path_factory.mktemp("model") / "model.joblib")
    return create_app(path).test_client()


def test_health_reports_ok_and_version(client):
    response = client.get("/health")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "version": __version__}


def test_predict_returns_the_species(client):
    response = client.post("/predict", json=SETOSA)
    assert response.status_code == 200
    assert response.get_json() == {"prediction": "setosa"}


def test_missing_field_is_a_400_naming_it(client):
    response = client.post("/predict", json={"sepal_length": 5.1})
    assert response.status_code == 400
    assert "petal_width" in response.get_json()["error"]


def test_non_numeric_field_is_a_400(client):
    response = client.post("/predict", json={**SETOSA, "petal_length": "long"})
    assert response.status_code == 400
    assert "petal_length" in response.get_json()["error"]


def test_body_that_is_not_json_is_a_400(client):
    response = client.post("/predict", data="sepal_length=5.1", content_type="text/plain")
    assert response.status_code == 400
    assert "JSON object" in response.get_json()["error"]


def test_model_path_comes_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("MODEL_PATH", str(model.train(tmp_path / "env.joblib")))
    assert create_app().test_client().get("/health").status_code == 200


def test_missing_model_stops_the_app_with_the_fix(tmp_path):
    with pytest.raises(FileNotFoundError, match="make train"):
        create_app(tmp_path / "absent.joblib")


def test_negative_measurement_is_a_400_naming_it(client):
    response = client.post("/predict", json={**SETOSA, "sepal_width": -3.5})
    assert response.status_code == 400
    assert "sepal_width" in response.get_json()["error"]


def test_unknown_path_is_a_json_404(client):
    response = client.get("/nothing-here")
    assert response.status_code == 404
    assert "error" in response.get_json()


def test_wrong_method_is_a_json_405(client):
    response = client.get("/predict")
    assert response.status_code == 405
    assert "error" in response.get_json()


def test_oversized_body_is_a_json_413(client):
    response = client.post(
        "/predict", data="[" + "0," * MAX_BODY_BYTES + "0]", content_type="application/json"
    )
    assert response.status_code == 413
    assert "error" in response.get_json()
