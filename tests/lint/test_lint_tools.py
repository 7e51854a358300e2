"""The checks `make lint` runs can fail: each tool finds the fault planted in its fixture
(tests/lint/fixtures/, which `make lint` itself leaves alone) by its rule's code, and
passes on the project as it is. Settings: pyproject.toml, .yamllint.yml, eslint.config.mjs.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Dict, List

import pytest
import tomli  # Python 3.10 has no tomllib; mypy and pytest need tomli, so it is here

ROOT = Path(__file__).resolve().parent.parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
BIN = Path(sys.executable).parent
ESLINT = ROOT / "tests" / "browser" / "node_modules" / ".bin" / "eslint"


def run(*argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(a) for a in argv], cwd=ROOT, capture_output=True, text=True, timeout=300)


def test_ruff_check_finds_an_unused_import_and_passes_the_project() -> None:
    found = run(BIN / "ruff", "check", "--no-cache", "--output-format", "concise", FIXTURES / "unused_import.py")
    assert found.returncode == 1, found.stdout + found.stderr
    assert "F401" in found.stdout
    assert run(BIN / "ruff", "check", ".").returncode == 0


def test_ruff_format_wants_to_reformat_the_fixture_and_not_the_project() -> None:
    found = run(BIN / "ruff", "format", "--no-cache", "--check", FIXTURES / "badly_formatted.py")
    assert found.returncode == 1, found.stdout + found.stderr
    assert "badly_formatted.py" in found.stdout
    assert "would be reformatted" in found.stdout
    assert run(BIN / "ruff", "format", "--check", ".").returncode == 0


def mypy_in_place_of(module_file: str, cache: Path) -> subprocess.CompletedProcess[str]:
    """mypy with the project's settings, reading the fixture as if it were `module_file`."""
    shadow = FIXTURES / "strict_typing.py"
    return run(BIN / "mypy", "--cache-dir", cache, "--shadow-file", module_file, shadow, module_file)


def test_mypy_is_strict_on_safety_and_ordinary_elsewhere(tmp_path: Path) -> None:
    in_safety = mypy_in_place_of("safety/text.py", tmp_path / "cache")
    assert in_safety.returncode == 1, in_safety.stdout + in_safety.stderr
    assert "[arg-type]" in in_safety.stdout  # a wrong type passed to a typed function
    assert "[no-untyped-def]" in in_safety.stdout  # strict: every function typed
    in_actions = mypy_in_place_of("actions/guidance.py", tmp_path / "cache")
    assert "[arg-type]" in in_actions.stdout
    assert "[no-untyped-def]" not in in_actions.stdout


def test_mypy_passes_the_project() -> None:
    checked = run(BIN / "mypy")  # files and cache as configured, as `make lint` runs it
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_the_strict_override_is_what_mypy_strict_turns_on() -> None:
    """mypy's `strict = true` is global only, so pyproject.toml lists the flags for safety/:
    they must stay the ones --strict sets, as mypy changes."""
    from mypy.main import define_options
    from mypy.options import PER_MODULE_OPTIONS

    _, _, strict_flags = define_options()
    wanted = {flag: value for flag, value in strict_flags if flag in PER_MODULE_OPTIONS}
    settings = tomli.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["mypy"]
    [safety] = [o for o in settings["overrides"] if "safety.*" in o["module"]]
    assert {flag: value for flag, value in safety.items() if flag != "module"} == wanted
    global_only = {flag for flag, _ in strict_flags if flag not in PER_MODULE_OPTIONS}
    assert all(settings.get(flag) is True for flag in global_only), global_only


def eslint_rules(*paths: Path | str) -> Dict[str, List[str]]:
    """The rules ESLint reports for each file it lints."""
    found = run(ESLINT, "--format", "json", *paths)
    assert found.returncode in (0, 1), found.stderr
    return {Path(f["filePath"]).name: [m["ruleId"] for m in f["messages"]] for f in json.loads(found.stdout)}


@pytest.mark.skipif(not ESLINT.exists(), reason="ESLint is installed by make lint (scripts/ensure-node-deps)")
def test_eslint_finds_an_undefined_variable_storage_and_html_and_passes_the_widget() -> None:
    rules = eslint_rules(FIXTURES / "undefined_variable.js")["undefined_variable.js"]
    assert "no-undef" in rules
    assert "no-restricted-globals" in rules  # localStorage: leave no trace
    assert "no-restricted-properties" in rules  # innerHTML: never render text as HTML
    assert eslint_rules("web/widget") == {"widget.js": []}


def test_yamllint_finds_a_duplicate_key_and_passes_content_and_data() -> None:
    found = run(BIN / "yamllint", "--strict", "-f", "parsable", FIXTURES / "duplicate_key.yml")
    assert found.returncode == 1, found.stdout + found.stderr
    assert "(key-duplicates)" in found.stdout
    assert run(BIN / "yamllint", "--strict", "content", "data").returncode == 0
