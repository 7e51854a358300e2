"""The training data (data/nlu/) and the content agree: a misspelt retrieval key would make
an answer unreachable by typing, and `rasa data validate` cannot see it."""

from __future__ import annotations

import collections
from pathlib import Path
from typing import Iterator

import yaml

from safety.content import library
from scripts import evaluate_answers
from scripts.compare_selectors import OVERVIEW, training_examples

TESTS_NLU = Path(__file__).parent / "nlu"
MIN_EXAMPLES = 8  # an answer with fewer is hard to reach in words people did not write down


def test_every_answer_key_names_an_answer_of_its_intents_topic() -> None:
    lib = library()
    wrong = []
    for key, text in training_examples():
        intent, _, answer_id = key.partition("/")
        if answer_id == OVERVIEW:
            continue
        topic = lib.answer_topics.get(answer_id)
        if topic is None or lib.topic_intents.get(topic) != intent:
            wrong.append((key, text))
    assert not wrong, f"keys that name no answer of that intent's topic: {sorted({k for k, _ in wrong})}"


def test_every_answer_can_be_reached_in_words() -> None:
    counts = collections.Counter(key.partition("/")[2] for key, _ in training_examples())
    thin = {answer_id: counts[answer_id] for answer_id in library().answers if counts[answer_id] < MIN_EXAMPLES}
    assert not thin, f"answers with fewer than {MIN_EXAMPLES} training examples: {thin}"


# Sets that promise they were not trained on. danger_wording, danger_blind and danger_blind_2
# are declared tuning and training sets (scripts/evaluate.py says so beside their figures).
HELD_OUT = (
    "heldout.yml",
    *(path.name for path in evaluate_answers.SETS),  # every answer set, as scored
    "danger_blind_3.yml",
    "danger_blind_4.yml",
    "languages.yml",
    "routes_heldout.yml",
    "routes_blind.yml",
)


def _plain(text: str) -> str:
    return " ".join("".join(c for c in text.lower() if c.isalnum() or c.isspace()).split())


def _texts(node: object) -> Iterator[str]:
    """Every message in a test set, whichever of the three layouts it uses."""
    if isinstance(node, str):
        yield node
    elif isinstance(node, list):
        for item in node:
            yield from _texts(item)
    elif isinstance(node, dict):
        if "text" in node:
            yield node["text"]
        elif "examples" in node:
            yield from (line.strip()[2:] for line in node["examples"].splitlines() if line.strip().startswith("- "))
        else:
            for key, value in node.items():
                if key != "version":
                    yield from _texts(value)


def test_no_held_out_message_is_trained_on() -> None:
    """A held-out message in the training data would score itself."""
    trained = {_plain(text) for _, text in training_examples()}
    leaked = [
        f"{name}: {text}"
        for name in HELD_OUT
        for text in _texts(yaml.safe_load((TESTS_NLU / name).read_text()))
        if _plain(text) in trained
    ]
    assert leaked == []


def test_the_leak_check_reads_every_layout() -> None:
    layouts = {
        "rasa": {"version": "3.1", "nlu": [{"intent": "a", "examples": "- one\n- two\n"}]},
        "questions": {"questions": [{"text": "three", "answer": "x"}]},
        "lists": {"danger": ["four"], "not_danger": ["five"]},
    }
    assert [t for layout in layouts.values() for t in _texts(layout)] == ["one", "two", "three", "four", "five"]
    assert set(HELD_OUT) <= {path.name for path in TESTS_NLU.glob("*.yml")}
