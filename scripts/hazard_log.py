"""The hazard log (docs/safety-case.md) read for the review pack and the go-live check:
each hazard, the tests it names, whether each test is really there, and which content
each hazard is about.

A hazard's tests are the backquoted `tests/...` references under its "Verified by", and
any other backquoted check there (`make evaluate: ...`). A reference is found when its
file exists and, for `file::name`, the file defines that test.

Which content a hazard is about is a rule per hazard, below, because the log names
code and tests, not content ids. A hazard about how the servers run (sessions, Redis,
logs, usage figures) guards no wording and is about no item. A new hazard in the log
with no rule here stops the pack and the check, so someone decides.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Dict, List, Optional

from safety.content import Library
from safety.content.review import OTHER_REPLIES, topics

ROOT = Path(__file__).resolve().parent.parent
HAZARD_LOG = ROOT / "docs" / "safety-case.md"

Rule = Callable[[Library, str, str], bool]  # (library, item id, its topic) -> is the hazard about it?


def _names(lib: Library, item_id: str) -> List[str]:
    return lib.services_named(item_id)


def _tailored_by_place(lib: Library, item_id: str) -> bool:
    item = lib.item(item_id)
    keys = {key for message in item.messages for key in message.when}
    return bool(keys & {"region", "nation", "region_known"}) or len(item.regions) < 3 or item_id == "local_help"


# Hazard id -> (which content, in words; the rule). Keep the words and the rule together.
RULES: Dict[str, tuple[str, Optional[Rule]]] = {
    "H1": (
        "every item that shows a directory service's number, address or hours, and local help",
        lambda lib, i, t: bool(_names(lib, i)) or i == "local_help",
    ),
    "H2": (
        "everything under the Silent Solution topic, and every item that tells someone about the "
        "Silent Solution key press",
        lambda lib, i, t: t == "silent_solution" or "silent_solution" in _names(lib, i),
    ),
    "H3": (
        "the danger and risk replies, and the fallback a missed danger message would get",
        lambda lib, i, t: t == "immediate_danger" or i == "fallback",
    ),
    "H4": (
        "every item that gives advice: each topic's entry and short answers, and the stalking check's result",
        lambda lib, i, t: t != OTHER_REPLIES,
    ),
    "H5": (
        "hiding that you were here, and the replies that say the chat isn't kept",
        lambda lib, i, t: t == "cover_tracks" or i in ("welcome", "about_bot"),
    ),
    "H6": ("no content: keeping conversations apart is the servers' job", None),
    "H7": ("the safety fallback given when the action server fails", lambda lib, i, t: i == "safety_fallback"),
    "H8": (
        "every item whose wording changes with the person's region or nation, or covers only some regions",
        lambda lib, i, t: _tailored_by_place(lib, i),
    ),
    "H9": ("no content: keeping words out of logs and storage is the servers' job", None),
    "H10": ("no content: answering when Redis hangs is the servers' job", None),
    "H11": ("no content: the usage figures count ids, never wording", None),
    "H12": ("every short answer", lambda lib, i, t: i in lib.answers),
    "H13": (
        "the risk reply, and the fallback a missed risk sign would get",
        lambda lib, i, t: i in ("risk_signs", "fallback"),
    ),
    "H14": (
        "local help, the question where the person is, and the check of a misspelt place",
        lambda lib, i, t: i in ("local_help", "ask_where", "confirm_place"),
    ),
    "H15": (
        "the replies to a message in Welsh or another language, and the Welsh welcome",
        lambda lib, i, t: i in ("welsh_safety", "welsh_welcome", "other_language"),
    ),
    "H16": (
        "every text in a language other than English",
        lambda lib, i, t: getattr(lib.item(i), "translation_status", None) is not None,
    ),
}


@dataclass
class TestRef:
    text: str  # as the log writes it
    path: str = ""  # the file it names, if any
    name: str = ""  # the test it names, if any
    found: bool = True  # the file exists and defines the test (not checked for a `make` command)


@dataclass
class Hazard:
    id: str
    title: str
    tests: List[TestRef] = field(default_factory=list)
    content: str = ""
    rule: Optional[Rule] = None


class HazardLogError(ValueError):
    pass


def _ref(text: str, root: Path) -> TestRef:
    if not text.startswith("tests/"):
        return TestRef(text)
    path, _, name = text.partition("::")
    file = root / path
    if not file.is_file():
        return TestRef(text, path, name, found=False)
    if name and not re.search(rf"^\s*(?:async\s+)?def {re.escape(name)}\(", file.read_text(encoding="utf-8"), re.M):
        return TestRef(text, path, name, found=False)
    return TestRef(text, path, name)


def read(path: Path = HAZARD_LOG, root: Path = ROOT) -> List[Hazard]:
    """Every hazard in the log with the tests it names, in the log's order."""
    hazards: List[Hazard] = []
    in_tests = False
    for line in path.read_text(encoding="utf-8").splitlines():
        heading = re.match(r"^## (H\d+)\.\s+(.*)$", line)
        if heading:
            hazard_id = heading.group(1)
            if hazard_id not in RULES:
                raise HazardLogError(
                    f"{hazard_id} is in {path.name} but scripts/hazard_log.py has no rule for which "
                    "content it is about: add one (or say it is about none)"
                )
            words, rule = RULES[hazard_id]
            hazards.append(Hazard(hazard_id, heading.group(2).strip(), content=words, rule=rule))
            in_tests = False
            continue
        if not hazards:
            continue
        if re.match(r"^- \*\*Verified by:\*\*", line):
            in_tests = True
            continue
        if in_tests and re.match(r"^- \*\*", line):
            in_tests = False
        if in_tests:
            item = re.match(r"^\s+- `([^`]+)`(.*)$", line)
            if item:
                text = item.group(1) if item.group(1).startswith("tests/") else (item.group(1) + item.group(2)).strip()
                hazards[-1].tests.append(_ref(text, root))
    return hazards


def guarding(lib: Library, hazards: List[Hazard]) -> Dict[str, List[Hazard]]:
    """Item id -> the hazards about it, each with the tests that guard it."""
    about: Dict[str, List[Hazard]] = {i: [] for i in [*lib.entries, *lib.answers]}
    for topic in topics(lib):
        for item_id in topic.items:
            about[item_id] = [h for h in hazards if h.rule and h.rule(lib, item_id, topic.id)]
    return about


def missing_tests(hazards: List[Hazard]) -> List[str]:
    """Tests the log names that are not there: the safety case claims a check that doesn't run."""
    return [f"{h.id} names {t.text}, which is not there" for h in hazards for t in h.tests if not t.found]
