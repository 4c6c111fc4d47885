"""The JSON Schema of the scene format, generated from the pydantic models for editors."""

from __future__ import annotations

import json

from kellan.scene.models import SCHEMA_VERSION, Scene

SCHEMA_FILE_NAME = "kellan-scene.schema.json"


def scene_schema() -> dict:
    schema = Scene.model_json_schema(by_alias=True)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$comment": f"Kellan scene format version {SCHEMA_VERSION}; generated, do not edit.",
        **schema,
    }


def schema_json() -> str:
    return json.dumps(scene_schema(), indent=2, ensure_ascii=False) + "\n"
