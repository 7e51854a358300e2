"""Every phone number lives in the services directory and nowhere else: content/services.yml
(national) and content/local/services.yml (local).

- A written-out UK number (0808..., 020..., +44...) may appear in no file of the
  project but the directory: not in content, code, tests, docs or training data.
- The directory's short codes (emergency, police non-emergency, the Silent Solution
  key press, text relay) may not appear in the bot's
  wording (content/, domain.yml) or in any string in the code: they come from the
  directory too. People's own words in the training data may use them, and the demo
  page's fixed safety line may spell them out, because it is checked against the
  directory here.
"""

from __future__ import annotations

import ast
import re
import subprocess
from pathlib import Path
from typing import Iterator, List

import yaml

from safety.content import LONG_PHONE, library
from safety.content.wording import written_as

SHORT_CODE = library().short_codes

ROOT = Path(__file__).resolve().parent.parent
DIRECTORY = {ROOT / "content" / "services.yml", ROOT / "content" / "local" / "services.yml"}
SKIP_DIRS = {".git", ".venv", "models", "reports", "results", "node_modules", ".rasa", "__pycache__", ".pytest_cache"}
TEXT_SUFFIXES = {".py", ".yml", ".yaml", ".md", ".js", ".css", ".html", ".json", ".txt", ".ini", ".cfg", ".toml", ""}


def project_files() -> Iterator[Path]:
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard"], cwd=ROOT, capture_output=True, text=True
    )
    names = listed.stdout.split() if listed.returncode == 0 else [str(p.relative_to(ROOT)) for p in ROOT.rglob("*")]
    for name in names:
        path = ROOT / name
        if path.is_file() and not SKIP_DIRS & set(path.relative_to(ROOT).parts) and path.suffix in TEXT_SUFFIXES:
            yield path


def code_strings(path: Path) -> Iterator[str]:
    """String literals in a Python file, docstrings aside."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            yield node.value


def wording(data: object) -> Iterator[str]:
    """Everything under a `text:` or `title:` key: what the bot says, not its citations."""
    if isinstance(data, dict):
        for key, value in data.items():
            if key in ("text", "title") and isinstance(value, str):
                yield value
            else:
                yield from wording(value)
    elif isinstance(data, list):
        for item in data:
            yield from wording(item)


def test_written_out_numbers_appear_only_in_the_directory() -> None:
    found: List[str] = []
    for path in project_files():
        if path in DIRECTORY:
            continue
        for number, line in (
            (m.group(0), path.read_text(errors="ignore")[: m.start()].count("\n") + 1)
            for m in LONG_PHONE.finditer(path.read_text(errors="ignore"))
        ):
            found.append(f"{path.relative_to(ROOT)}:{line}: {number}")
    assert not found, "phone numbers outside content/services.yml:\n" + "\n".join(found)


def test_short_codes_are_not_in_bot_wording_or_code() -> None:
    found: List[str] = []
    for path in project_files():
        relative = path.relative_to(ROOT)
        if path in DIRECTORY:
            continue
        if (relative.parts[0] == "content" or str(relative) == "domain.yml") and path.suffix == ".yml":
            pieces = list(wording(yaml.safe_load(path.read_text())))
        elif path.suffix == ".py":
            pieces = list(code_strings(path))
        elif path.suffix == ".js":
            pieces = [path.read_text()]
        else:
            continue
        found += [f"{relative}: {piece.strip()[:80]}" for piece in pieces if SHORT_CODE.search(piece)]
    assert not found, "short codes outside content/services.yml (write {emergency} etc.):\n" + "\n".join(found)


def test_the_pages_safety_line_matches_the_directory() -> None:
    safety_line = library().safety_line
    for page in (ROOT / "web").rglob("*.html"):
        text = page.read_text()
        if SHORT_CODE.search(text):
            without_line = text.replace(safety_line.replace("'", "&#39;"), "").replace(safety_line, "")
            without_line = without_line.replace(safety_line.replace("'", "&rsquo;"), "")
            assert not SHORT_CODE.search(re.sub(r"<[^>]+>", " ", without_line)), (
                f"{page.relative_to(ROOT)} spells out a short code outside the safety line"
            )


def test_the_scan_finds_a_planted_number(tmp_path: Path) -> None:
    """The checks above can fail: a number in code or content is caught."""
    services = library().services
    helpline, advocacy = services["national_stalking_helpline"].phone, services["paladin"].phone
    assert LONG_PHONE.search(f"call {helpline} now")
    assert LONG_PHONE.search(f"ring +44 {advocacy[1:]}")
    emergency, non_emergency = services["emergency"].phone, services["police_non_emergency"].phone
    assert SHORT_CODE.search(f"Call {emergency}.")
    assert SHORT_CODE.search(f"press {services['silent_solution'].phone} when asked")
    planted = tmp_path / "planted.py"
    planted.write_text(f'"""Docstrings may say {emergency}."""\nREPLY = "ring {non_emergency}"\n')
    assert [s for s in code_strings(planted) if SHORT_CODE.search(s)] == [f"ring {non_emergency}"]
    assert list(wording({"sources": [{"name": f"Silent {emergency} calls"}], "text": f"Call {emergency}"})) == [
        f"Call {emergency}"
    ]


def test_retired_and_misprinted_numbers_appear_nowhere_but_the_directorys_retired_list() -> None:
    """However they are spaced, and even when too short for LONG_PHONE (Live Fear Free's misprint)."""
    retired = written_as(library().retired_numbers)
    shortest = min(library().retired_numbers, key=len)  # digits only, as the library keeps them
    assert retired is not None
    assert retired.search(f"ring {shortest[:4]} {shortest[4:]} now"), "the check sees nothing"
    found = [
        f"{path.relative_to(ROOT)}: {m.group(0)}"
        for path in project_files()
        if path not in DIRECTORY
        for m in retired.finditer(path.read_text(errors="ignore"))
    ]
    assert not found, "retired numbers outside content/services.yml:\n" + "\n".join(found)
