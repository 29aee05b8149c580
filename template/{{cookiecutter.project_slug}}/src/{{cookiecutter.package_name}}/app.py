"""The HTTP API: GET /health, and POST /predict with the four iris measurements as JSON."""

from __future__ import annotations

import os
from pathlib import Path

from flask import Flask, jsonify, request
from flask.typing import ResponseReturnValue
from werkzeug.exceptions import HTTPException

from . import __version__, model

# A request body is four numbers: anything near this size is a mistake or an attack.
MAX_BODY_BYTES = 16 * 1024


def create_app(model_path: Path | str | None = None) -> Flask:
    """The Flask app, serving the model at model_path (default: $MODEL_PATH, model.joblib)."""
    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = MAX_BODY_BYTES
    # Loaded once at start: a missing model stops the server with a clear message,
    # instead of failing every request.
    path = model_path or os.environ.get("MODEL_PATH") or model.DEFAULT_PATH
    loaded = model.load(Path(path))

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> ResponseReturnValue:
        """Every HTTP error (404, 405, 413, ...) as JSON, like the API's own answers."""
        return jsonify(error=error.description), error.code or 500

    @app.get("/health")
    def health() -> ResponseReturnValue:
        """Liveness for load balancers and deploy checks."""
        return {"status": "ok", "version": __version__}

    @app.post("/predict")
    def predict() -> ResponseReturnValue:
        """The species for the measurements in the JSON body, or a 400 saying what is wrong."""
        # silent=True: a body that is not JSON gets our 400 below, not Flask's HTML one.
        payload = request.get_json(silent=True)
        try:
            row = model.features_from(payload)
        except ValueError as error:
            return jsonify(error=str(error)), 400
        return {"prediction": model.predict(loaded, row)}

    return app
