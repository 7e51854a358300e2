"""Copy the widget's labels from content/widget_labels.yml into web/widget/widget.js.

    python -m scripts.widget_labels          write the copy
    python -m scripts.widget_labels --check  exit 1 if the copy is out of date

The widget is one script tag with no build step, and Exit must be labelled even when
nothing else can be fetched, so the labels travel inside widget.js, between two marker
lines. Only what is between them is rewritten; tests/scripts/test_widget_labels.py fails
while it differs from the content file.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Optional

from safety.content import CONTENT_DIR, load
from safety.content.schema import WIDGET_LABELS

WIDGET = Path(__file__).resolve().parent.parent / "web" / "widget" / "widget.js"
BEGIN = "  // BEGIN LABELS: made from content/widget_labels.yml by `make widget-labels`. Do not edit here.\n"
END = "  // END LABELS\n"


def labels_block(content: Path = CONTENT_DIR) -> str:
    """The generated lines, markers included: both languages' labels, in the widget's order."""
    labels = load(content).widget_labels
    assert labels is not None  # the loader requires the file
    by_language = {lang: {name: getattr(labels.labels[name], lang) for name in WIDGET_LABELS} for lang in ("en", "cy")}
    body = "var LABELS = " + json.dumps(by_language, indent=2, ensure_ascii=False) + ";\n"
    return BEGIN + "".join(f"  {line}\n" if line else "\n" for line in body.splitlines()) + END


def with_labels(code: str, block: str) -> str:
    """The widget's code with its labels block replaced by `block`."""
    start, end = code.find(BEGIN), code.find(END)
    if start < 0 or end < start:
        raise ValueError(f"{WIDGET.name} has no labels block: the lines {BEGIN.strip()!r} and {END.strip()!r}")
    return code[:start] + block + code[end + len(END) :]


def main(argv: Optional[list[str]] = None, widget: Path = WIDGET) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if the widget's copy is out of date")
    args = parser.parse_args(argv)
    code = widget.read_text(encoding="utf-8")
    wanted = with_labels(code, labels_block())
    if args.check:
        if wanted != code:
            print(
                f"{widget.name}: its labels differ from content/widget_labels.yml (run: make widget-labels)",
                file=sys.stderr,
            )
            return 1
        return 0
    if wanted != code:
        widget.write_text(wanted, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
