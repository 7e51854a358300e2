"""Fixtures for the content tests: the library, a scratch copy of content/ to break,
and helpers that read a rendering the way a user sees it."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any, Callable, Iterator, List, Tuple

import pytest
import yaml

from safety.content import CONTENT_DIR, Library, library


@pytest.fixture(scope="session")
def lib() -> Library:
    return library()


@pytest.fixture
def content_copy(tmp_path: Path) -> Path:
    copy = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, copy)
    return copy


def edit(path: Path, change: Callable[[Any], Any]) -> None:
    """Load a YAML file, change it, write it back."""
    data = yaml.safe_load(path.read_text())
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))


def all_renderings(lib: Library) -> Iterator[Tuple[str, dict, List[dict]]]:
    """Every entry and answer, in every tailoring a conversation can produce."""
    for item_id in [*lib.entries, *lib.answers]:
        for context, messages in lib.variants(item_id):
            yield item_id, context, messages


def texts(lib: Library, item_id: str, **context: Any) -> str:
    """Everything a user reads for one entry or answer, as one text."""
    render = lib.render if item_id in lib.entries else lib.render_answer
    return "\n".join(m["text"] for m in render(item_id, context))
