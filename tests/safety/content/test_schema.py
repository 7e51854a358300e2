"""The declared content schema (safety/content/schema.py) and the JSON Schema files
editors use (content/schemas/), which must match it."""

from __future__ import annotations

import json

import pytest
from pydantic import ValidationError

from safety.content import CONTENT_DIR
from safety.content.schema import RegisterSource
from scripts import content_schemas


def test_the_json_schemas_in_the_repo_are_current() -> None:
    assert content_schemas.main(["--check"]) == 0, "run: make schemas"


def test_the_check_notices_a_stale_schema(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(content_schemas, "SCHEMA_DIR", tmp_path)
    monkeypatch.setattr(content_schemas, "CONTENT_DIR", tmp_path.parent)
    assert content_schemas.main(["--check"]) == 1


def test_every_content_file_names_its_schema_for_editors() -> None:
    """The first line turns on checking as you type in VS Code (docs/staff-guide.md)."""
    for path in [*CONTENT_DIR.glob("*.yml"), *CONTENT_DIR.glob("*/*.yml")]:
        first = path.read_text().splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema="), path
        schema = (path.parent / first.split("=", 1)[1]).resolve()
        assert schema.exists(), f"{path}: {schema} does not exist"
        assert json.loads(schema.read_text())["title"].endswith("content file")


@pytest.mark.parametrize(
    "url", ["https://www.cps.gov.uk", "https://www.cps.gov.uk/", "http://example.org/a", "example.org/a"]
)
def test_a_source_address_must_be_a_full_page_address(url: str) -> None:
    with pytest.raises(ValidationError, match="full page address"):
        RegisterSource(
            name="x", url=url, supports="x", checked_on="2026-11-29", fact_base=[{"file": "part1", "cites": "x"}]
        )


def test_every_content_file_passes_its_own_json_schema() -> None:
    """What the loader accepts, an editor's schema must accept too (it once flagged
    `helpline: null` in site.yml), checked with the jsonschema package Rasa installs."""
    import jsonschema
    import yaml

    problems = []
    for path in [*CONTENT_DIR.glob("*.yml"), *CONTENT_DIR.glob("*/*.yml")]:
        first = path.read_text().splitlines()[0]
        schema = json.loads((path.parent / first.split("=", 1)[1]).read_text())
        data = json.loads(json.dumps(yaml.safe_load(path.read_text()), default=str))  # dates as text, as editors see
        problems += [
            f"{path.name}: {list(e.path)}: {e.message[:120]}"
            for e in jsonschema.Draft7Validator(schema).iter_errors(data)
        ]
    assert not problems, "\n".join(problems)
