"""Write the JSON Schema of each kind of content file to content/schemas/.

    python -m scripts.content_schemas          write them
    python -m scripts.content_schemas --check  exit 1 if any is out of date

Editors get checking as they type with a first line such as
`# yaml-language-server: $schema=../schemas/guidance.schema.json` (docs/staff-guide.md).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, Dict

from safety.content import CONTENT_DIR
from safety.content.schema import FILE_KINDS

SCHEMA_DIR = CONTENT_DIR / "schemas"


def _nullable(node: Any) -> None:
    """pydantic v1 writes an Optional field as its type alone, so an editor would flag
    `helpline: null`, which the loader accepts: a field that may be left out may be null."""
    if isinstance(node, dict):
        required = set(node.get("required", []))
        for name, prop in (node.get("properties") or {}).items():
            if name not in required and isinstance(prop, dict) and "default" not in prop:
                if isinstance(prop.get("type"), str):
                    prop["type"] = [prop["type"], "null"]
                elif "$ref" in prop or "allOf" in prop:
                    node["properties"][name] = {"anyOf": [dict(prop), {"type": "null"}]}
        for value in node.values():
            _nullable(value)
    elif isinstance(node, list):
        for value in node:
            _nullable(value)


def rendered() -> Dict[Path, str]:
    """Each schema file's path and its text, as it should be."""
    files = {}
    for kind, model in FILE_KINDS.items():
        schema = model.schema()
        _nullable(schema)
        schema["$schema"] = "http://json-schema.org/draft-07/schema#"
        schema["title"] = f"{kind} content file"
        files[SCHEMA_DIR / f"{kind}.schema.json"] = json.dumps(schema, indent=2, sort_keys=True) + "\n"
    return files


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if a schema file is out of date")
    args = parser.parse_args(argv)
    stale = []
    for path, text in rendered().items():
        if args.check:
            if not path.exists() or path.read_text() != text:
                stale.append(str(path.relative_to(CONTENT_DIR.parent)))
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text)
    if stale:
        print("Out of date (run: make schemas): " + ", ".join(stale), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
