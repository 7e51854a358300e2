"""The docs (README.md, docs/*.md) against the project: every command they should list is
there, and every file and test they point staff or developers at exists. A renamed
file or test otherwise leaves the guide sending someone to nothing."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Iterator, List, Tuple

ROOT = Path(__file__).resolve().parent.parent
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
# A path into the project as the docs write it; `<topic>` and `*` are patterns, not files.
PATH = re.compile(
    r"(?<![\w./-])((?:content|safety|addons|actions|scripts|data|tests|docs|web|deploy)/[\w./<>*-]*[\w/>*])"
)
TEST = re.compile(r"tests/[\w/]+\.py::\w+")
TARGET = re.compile(r"^([a-z][a-z-]*):", re.M)


def mentions(pattern: re.Pattern[str]) -> Iterator[Tuple[str, str]]:
    for doc in DOCS:
        for match in pattern.finditer(doc.read_text(encoding="utf-8")):
            yield doc.name, match.group(0) if pattern is TEST else match.group(1)


def test_the_readme_lists_every_makefile_target() -> None:
    targets = TARGET.findall((ROOT / "Makefile").read_text(encoding="utf-8"))
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(targets) > 20
    assert [t for t in targets if f"`make {t}" not in readme] == []


def test_every_path_the_docs_name_is_there() -> None:
    missing: List[Tuple[str, str]] = [
        (doc, path) for doc, path in mentions(PATH) if not any(c in path for c in "<*") and not (ROOT / path).exists()
    ]
    assert sorted(set(missing)) == []


def defines(ref: str) -> bool:
    path, _, name = ref.partition("::")
    file = ROOT / path
    return file.is_file() and bool(re.search(rf"^\s*(?:async\s+)?def {name}\(", file.read_text(encoding="utf-8"), re.M))


def test_every_test_the_docs_name_is_there() -> None:
    named = list(mentions(TEST))
    assert len(named) > 50
    assert [(doc, ref) for doc, ref in named if not defines(ref)] == []
    assert not defines("tests/safety/test_choosing.py::test_that_was_renamed")


def test_the_check_finds_a_path_that_is_not_there() -> None:
    found = [m.group(1) for m in PATH.finditer("see `content/answers/no_such_topic.yml` and safety/choosing.py.")]
    assert found == ["content/answers/no_such_topic.yml", "safety/choosing.py"]
    assert not (ROOT / found[0]).exists()
    assert (ROOT / found[1]).exists()
