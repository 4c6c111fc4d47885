"""The committed JSON Schema must match the models it is generated from."""

from __future__ import annotations

import json

from kellan.scene.schema import SCHEMA_FILE_NAME, schema_json
from tests.conftest import SCENES


def test_committed_schema_has_not_drifted():
    committed = (SCENES / SCHEMA_FILE_NAME).read_text(encoding="utf-8")
    assert committed == schema_json(), (
        "scenes/kellan-scene.schema.json is out of date: run "
        "`kellan schema > scenes/kellan-scene.schema.json`"
    )


def test_schema_describes_the_format():
    schema = json.loads(schema_json())
    assert "schema" in schema["required"] and "participants" in schema["required"]
    assert schema["properties"]["schema"]["const"] == 1
    assert schema["additionalProperties"] is False
