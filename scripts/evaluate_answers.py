"""Answers, not leaflets: how well specific questions get their specific answer.

Reads tests/nlu/answers_heldout.yml (questions written apart from the training
examples, each with the answer it should get and a phrase its first bubble must
contain), runs each through the trained NLU and safety/choosing.py exactly as the
action server does, and reports:
  - answer accuracy: the reply chosen is the expected answer (or the overview, where
    the question is broad);
  - the share of questions whose first bubble contains the expected phrase (target >= 0.90);
  - the median number of words in the first bubble (target <= 60), with and without
    the safety line that ends every answer;
  - the rate of wrong answers: a specific answer that is not the expected one, given
    with the selector's confidence above the serving threshold (target <= 0.03).
Used by `make evaluate` (scripts/evaluate.py) and by scripts/compare_selectors.py.
"""

from __future__ import annotations

import asyncio
import re
import statistics
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple

import yaml

from actions.conversation import said
from safety.choosing import Choice, Turn, choose, messages_for
from safety.content import Library, library, words

ROOT = Path(__file__).resolve().parent.parent
QUESTIONS = ROOT / "tests" / "nlu" / "answers_heldout.yml"
# Written blind to the training data and to set 1, after set 1 had been looked at to improve
# the bot (2026-11-29). Its misses were looked at on 2026-12-06 to improve the bot in turn.
BLIND = ROOT / "tests" / "nlu" / "answers_blind.yml"
# Written on 2026-12-06, blind to the training data and to sets 1 and 2, while the training
# examples were being extended (by writers who never saw any test set). Its misses were
# looked at on 2026-12-07 to improve the bot, so set 4 took over as the honest figure.
BLIND_3 = ROOT / "tests" / "nlu" / "answers_blind_3.yml"
# Written on 2026-12-07 by a writer who read only content/ (never data/ or tests/), and
# measured before anything changed because of it. Never tune on it; when it has been
# looked at, write a fresh set and demote this one.
BLIND_4 = ROOT / "tests" / "nlu" / "answers_blind_4.yml"
# Written on 2026-12-07 (fourth session) the same way as set 4, and measured before
# anything changed because of it; set 4's misses were looked at after that.
BLIND_5 = ROOT / "tests" / "nlu" / "answers_blind_5.yml"
# Written on 2026-12-07 (fifth session) the same way, 353 questions, and measured before
# anything changed because of it; set 5's misses were looked at after that.
BLIND_6 = ROOT / "tests" / "nlu" / "answers_blind_6.yml"
# Written on 2026-12-07 (sixth session) the same way, 349 questions, and measured before
# anything changed because of it; set 6's misses were looked at after that.
BLIND_7 = ROOT / "tests" / "nlu" / "answers_blind_7.yml"
# Written on 2026-12-07 (sixth session) the same way, 351 questions after removing those
# already in the training data or another set, and first scored on the model trained after
# sets 6 and 7 were read: the honest figure for that model.
BLIND_8 = ROOT / "tests" / "nlu" / "answers_blind_8.yml"
# Written on 2026-12-07 (seventh session) the same way, 338 questions after removing those
# already in the training data or another set, and scored on the d796cd4 model before
# anything changed; set 8's misses were read after that. Its misses were never read.
BLIND_9 = ROOT / "tests" / "nlu" / "answers_blind_9.yml"
SETS = {
    QUESTIONS: "held-out set 1: written apart from the training data; its misses were looked at to improve the bot",
    BLIND: "blind set 2: written after those changes; its misses were looked at on 2026-12-06",
    BLIND_3: "blind set 3: written 2026-12-06; its misses were looked at on 2026-12-07",
    BLIND_4: "blind set 4: written 2026-12-07 from the content alone; its misses were looked at in the fourth session",
    BLIND_5: "blind set 5: written 2026-12-07 from the content alone; its misses were looked at in the fifth session",
    BLIND_6: "blind set 6: written 2026-12-07 (fifth session) from the content alone; misses read in the sixth",
    BLIND_7: "blind set 7: written 2026-12-07 (sixth session) from the content alone; its misses were read then too",
    BLIND_8: "blind set 8: written 2026-12-07 (sixth session) from the content alone; misses read in the seventh",
    BLIND_9: "blind set 9: written 2026-12-07 (seventh session) from the content alone, never looked at to tune",
}
# The key each set's figures have in reports/evaluation.json.
REPORT_KEYS = {
    QUESTIONS: "answers",
    BLIND: "answers_blind",
    BLIND_3: "answers_blind_3",
    BLIND_4: "answers_blind_4",
    BLIND_5: "answers_blind_5",
    BLIND_6: "answers_blind_6",
    BLIND_7: "answers_blind_7",
    BLIND_8: "answers_blind_8",
    BLIND_9: "answers_blind_9",
}
TARGET_PHRASE_SHARE = 0.90
TARGET_MEDIAN_WORDS = 60
TARGET_WRONG_RATE = 0.03
# The targets are printed as met or MISSED. `make evaluate` fails below these floors: the
# figures of 2026-12-07 (seeded training, so the same on every run) less a small margin
# for floating-point differences between machines. A miss of the target itself is an open
# issue, not a broken build; a fall below the floor is a regression.
FLOORS = {
    QUESTIONS: {"first_bubble_has_fact": 0.94, "wrong_answer_rate": 0.03},
    BLIND: {"first_bubble_has_fact": 0.84, "wrong_answer_rate": 0.03},
    BLIND_3: {"first_bubble_has_fact": 0.90, "wrong_answer_rate": 0.03},
    BLIND_4: {"first_bubble_has_fact": 0.88, "wrong_answer_rate": 0.03},
    BLIND_5: {"first_bubble_has_fact": 0.82, "wrong_answer_rate": 0.04},  # blind 0.830 / 0.035; read 0.859 / 0.032
    BLIND_6: {"first_bubble_has_fact": 0.90, "wrong_answer_rate": 0.03},  # 0.909 / 0.017 first, at d015405
    BLIND_7: {"first_bubble_has_fact": 0.90, "wrong_answer_rate": 0.03},  # blind 0.903 / 0.023 at 11949c4; read 0.923
    BLIND_8: {"first_bubble_has_fact": 0.92, "wrong_answer_rate": 0.03},  # 0.889 / 0.011 first, at d796cd4; read 0.937
    BLIND_9: {"first_bubble_has_fact": 0.91, "wrong_answer_rate": 0.03},  # 0.888 / 0.021 at d796cd4; 0.923 / 0.015 now
}
OVERVIEW = "overview"


@dataclass(frozen=True)
class Question:
    text: str
    intent: str
    answer: str  # an answer id, or "overview"
    phrase: str
    region: Optional[str] = None


@dataclass(frozen=True)
class Outcome:
    question: Question
    choice: Choice
    first_bubble: str
    fact_words: int  # the first bubble without the safety line
    reply: str = ""  # every bubble: danger or risk guidance first may be followed by the answer

    @property
    def answered(self) -> str:
        return (
            self.choice.item
            if self.choice.kind == "answer"
            else OVERVIEW
            if self.choice.kind == "guidance"
            else self.choice.kind
        )

    @property
    def right(self) -> bool:
        if self.question.answer == OVERVIEW:
            return (self.choice.kind, self.choice.item) == ("guidance", library().intents.get(self.question.intent, ""))
        # By design (safety/choosing.py, rule 4): "near me" is asked where, or, the area known, given local help.
        if self.choice.kind in ("local", "ask_where"):
            answer = library().answers.get(self.question.answer)
            return bool(answer and answer.local)
        return self.choice == Choice("answer", self.question.answer)

    @property
    def wrong_answer(self) -> bool:
        """A specific answer to a different question: worse than the overview."""
        return self.choice.kind == "answer" and not self.right

    @property
    def has_phrase(self) -> bool:
        return _flat(self.question.phrase) in _flat(self.first_bubble)

    @property
    def reply_has_phrase(self) -> bool:
        return _flat(self.question.phrase) in _flat(self.reply or self.first_bubble)


def _flat(text: str) -> str:
    return " ".join(re.sub(r"[’‘]", "'", text).lower().split())


def questions(path: Path = QUESTIONS) -> List[Question]:
    return [Question(**item) for item in yaml.safe_load(path.read_text())["questions"]]


def outcome(lib: Library, question: Question, parse: Dict[str, Any]) -> Outcome:
    """What the bot would send for this question, from an NLU parse."""
    choice = choose(lib, Turn(**dict(said(parse), text=question.text)))
    context = {"region": question.region} if question.region else {}
    messages = messages_for(lib, choice, context)
    first = messages[0]["text"]
    fact = first[: -len(lib.safety_line)].rstrip() if first.endswith(lib.safety_line) else first
    return Outcome(question, choice, first, words(fact), "\n\n".join(m["text"] for m in messages))


def figures(outcomes: Sequence[Outcome]) -> Dict[str, Any]:
    total = len(outcomes)
    specific = [o for o in outcomes if o.question.answer != OVERVIEW]
    return {
        "questions": total,
        "specific_questions": len(specific),
        "answer_accuracy": sum(o.right for o in outcomes) / total,
        "specific_answered_specifically": sum(o.choice.kind == "answer" and o.right for o in specific)
        / max(len(specific), 1),
        "first_bubble_has_fact": sum(o.has_phrase for o in outcomes) / total,
        "reply_has_fact": sum(o.reply_has_phrase for o in outcomes) / total,
        "median_first_bubble_words": statistics.median(words(o.first_bubble) for o in outcomes),
        "median_fact_words": statistics.median(o.fact_words for o in outcomes),
        "wrong_answer_rate": sum(o.wrong_answer for o in outcomes) / total,
        "given_the_overview_instead": sum(o.choice.kind == "guidance" for o in specific) / max(len(specific), 1),
        "overview_with_the_answer_as_a_button": sum(
            o.choice.kind == "guidance" and o.question.answer in o.choice.suggestions for o in specific
        )
        / max(len(specific), 1),
        "misses": [
            {"text": o.question.text, "expected": o.question.answer, "got": o.answered, "phrase_found": o.has_phrase}
            for o in outcomes
            if not (o.right and o.has_phrase)
        ],
    }


def evaluate(parse: Callable[[str], Dict[str, Any]], path: Path = QUESTIONS) -> Dict[str, Any]:
    lib = library()
    return figures([outcome(lib, q, parse(q.text)) for q in questions(path)])


def agent_parser(agent: Any) -> Callable[[str], Dict[str, Any]]:
    def parse(text: str) -> Dict[str, Any]:
        return asyncio.run(agent.parse_message(text))

    return parse


def below_floor(path: Path, result: Dict[str, Any]) -> List[str]:
    floor = FLOORS.get(path, {})
    problems = []
    if result["first_bubble_has_fact"] < floor.get("first_bubble_has_fact", 0):
        problems.append(
            f"first bubble holds the fact for {result['first_bubble_has_fact']:.3f}, "
            f"below the floor of {floor['first_bubble_has_fact']}"
        )
    if result["wrong_answer_rate"] > floor.get("wrong_answer_rate", 1):
        problems.append(
            f"wrong answers {result['wrong_answer_rate']:.3f}, above the floor of {floor['wrong_answer_rate']}"
        )
    if result["median_fact_words"] > TARGET_MEDIAN_WORDS:
        problems.append(f"median first-bubble words {result['median_fact_words']} > {TARGET_MEDIAN_WORDS}")
    return problems


def missed_targets(result: Dict[str, Any]) -> List[str]:
    missed = []
    if result["first_bubble_has_fact"] < TARGET_PHRASE_SHARE:
        missed.append(f"first bubble holds the fact for {result['first_bubble_has_fact']:.3f} < {TARGET_PHRASE_SHARE}")
    if result["median_fact_words"] > TARGET_MEDIAN_WORDS:
        missed.append(f"median first-bubble words {result['median_fact_words']} > {TARGET_MEDIAN_WORDS}")
    if result["wrong_answer_rate"] > TARGET_WRONG_RATE:
        missed.append(f"wrong answers {result['wrong_answer_rate']:.3f} > {TARGET_WRONG_RATE}")
    return missed


def report_lines(result: Dict[str, Any]) -> List[Tuple[str, str]]:
    return [
        ("questions", f"{result['questions']} ({result['specific_questions']} specific)"),
        ("answer accuracy", f"{result['answer_accuracy']:.3f}"),
        ("first bubble holds the fact (target >= 0.90)", f"{result['first_bubble_has_fact']:.3f}"),
        ("the fact anywhere in the reply (danger or risk guidance may come first)", f"{result['reply_has_fact']:.3f}"),
        ("median words in the first bubble's answer (target <= 60)", f"{result['median_fact_words']}"),
        ("median words in the whole first bubble, with the safety line", f"{result['median_first_bubble_words']}"),
        ("wrong answers given (target <= 0.03)", f"{result['wrong_answer_rate']:.3f}"),
        ("specific questions given the overview instead", f"{result['given_the_overview_instead']:.3f}"),
        ("  ... with the right answer as the first buttons", f"{result['overview_with_the_answer_as_a_button']:.3f}"),
    ]
