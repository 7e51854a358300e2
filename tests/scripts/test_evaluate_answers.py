"""The short-answer question sets (scripts/evaluate_answers.py) stay true to the content:
each expected reply exists under its intent and its first bubble holds the phrase. A
content edit that drops the phrase fails here, not silently in the figures."""

from __future__ import annotations

from pathlib import Path

import pytest

from safety.choosing import Choice
from scripts import evaluate_answers
from scripts.evaluate_answers import OVERVIEW, Outcome, questions


@pytest.mark.parametrize("path", list(evaluate_answers.SETS), ids=lambda p: p.name)
def test_every_expected_reply_exists_and_holds_its_phrase(path: Path, answers_library) -> None:
    lib = answers_library
    problems = []
    for question in questions(path):
        context = {"region": question.region} if question.region else {}
        if question.answer == OVERVIEW:
            choice = Choice("guidance", lib.intents[question.intent])
        else:
            topic = lib.answer_topics.get(question.answer)
            if topic is None or lib.topic_intents[topic] != question.intent:
                problems.append(f"{question.text!r}: {question.answer} is not an answer under {question.intent}")
                continue
            choice = Choice("answer", question.answer)
        first = evaluate_answers.messages_for(lib, choice, context)[0]["text"]
        if not Outcome(question, choice, first, 0).has_phrase:
            problems.append(f"{question.text!r}: {question.phrase!r} is not in the first bubble of {choice.item}")
    assert not problems, "\n".join(problems)
    assert len(questions(path)) >= 200


def test_a_missed_target_is_reported_and_a_fall_below_the_floor_fails() -> None:
    path = evaluate_answers.BLIND_4  # its floor is below the target
    floor = evaluate_answers.FLOORS[path]["first_bubble_has_fact"]
    # Below the 0.90 target, above the floor: reported, not a failure.
    result = {"first_bubble_has_fact": (floor + 0.9) / 2, "wrong_answer_rate": 0.02, "median_fact_words": 44}
    assert evaluate_answers.missed_targets(result) == [
        f"first bubble holds the fact for {result['first_bubble_has_fact']:.3f} < 0.9"
    ]
    assert evaluate_answers.below_floor(path, result) == []
    worse = dict(result, first_bubble_has_fact=floor - 0.05, wrong_answer_rate=0.05)
    assert len(evaluate_answers.below_floor(path, worse)) == 2
