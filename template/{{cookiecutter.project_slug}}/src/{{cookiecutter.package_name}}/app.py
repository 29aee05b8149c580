"""The HTTP API: GET /health, and POST /predict with the four iris measurements as JSON."""

from __future__ import annotations

import os
from pathlib import Path

from flask import Flask, jsonify, request

from . import __version__, model


def create_app(model_path: Path | str | None = None) -> Flask:
    """The Flask app, serving the model at model_path (default: $MODEL_PATH, model.joblib)."""
    app = Flask(__name__)
    # Loaded once at start: a missing model stops the server with a clear message,
    # instead of failing every request.
    loaded = model.load(Path(model_path or os.environ.get("MODEL_PATH", model.DEFAULT_PATH)))

    @app.get("/health")
    def health():
        """Liveness for load balancers and deploy checks."""
        return {"status": "ok", "version": __version__}

    @app.post("/predict")
    def predict():
        """The species for the measurements in the JSON body, or a 400 saying what is wrong."""
        # silent=True: a body that is not JSON gets our 400 below, not Flask's HTML one.
        payload = request.get_json(silent=True)
        try:
            row = model.features_from(payload)
        except ValueError as error:
            return jsonify(error=str(error)), 400
        return {"prediction": model.predict(loaded, row)}

    return app
