"""The training data (data/nlu/) and the content agree: a misspelt retrieval key would make
an answer unreachable by typing, and `rasa data validate` cannot see it."""

from __future__ import annotations

import collections

from safety.content import library
from scripts.compare_selectors import OVERVIEW, training_examples

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
