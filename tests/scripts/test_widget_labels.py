"""The widget's copy of its labels (scripts/widget_labels.py): the same as
content/widget_labels.yml, and every label there is one the widget shows."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from safety.content.schema import WIDGET_LABELS
from scripts import widget_labels


def test_the_widgets_labels_are_the_content_files() -> None:
    assert widget_labels.main(["--check"]) == 0, "run: make widget-labels"


def test_the_check_notices_a_label_changed_in_the_widget_alone(tmp_path: Path, capsys) -> None:
    widget = tmp_path / "widget.js"
    widget.write_text(
        widget_labels.WIDGET.read_text(encoding="utf-8").replace('"Gadael y dudalen hon"', '"Gadael"', 1),
        encoding="utf-8",
    )
    assert widget_labels.main(["--check"], widget=widget) == 1
    assert "run: make widget-labels" in capsys.readouterr().err
    assert widget_labels.main([], widget=widget) == 0  # writing it again puts it right
    assert widget.read_text(encoding="utf-8") == widget_labels.WIDGET.read_text(encoding="utf-8")


def test_a_widget_without_the_markers_is_refused(tmp_path: Path) -> None:
    widget = tmp_path / "widget.js"
    widget.write_text("(function () {})();\n", encoding="utf-8")
    with pytest.raises(ValueError, match="no labels block"):
        widget_labels.main(["--check"], widget=widget)


def test_every_label_is_shown_by_the_widget() -> None:
    """No label is content that nobody sees: each is named in the widget's code."""
    code = widget_labels.WIDGET.read_text(encoding="utf-8")
    start, end = code.index(widget_labels.BEGIN), code.index(widget_labels.END)
    outside = code[:start] + code[end:]
    unused = [name for name in WIDGET_LABELS if not re.search(rf'"{name}"', outside)]
    assert not unused, f"labels the widget never shows: {unused}"
