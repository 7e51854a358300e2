"""`make evaluate`: score the trained model on every held-out set.

Writes reports/nlu/ (Rasa's per-intent report, errors and the confusion matrix image)
and reports/evaluation.md, prints the figures, and exits 1 when a target is missed:
  - held-out topic (intent) accuracy >= 0.95 (tests/nlu/heldout.yml)
  - help near you and risk signs get the right reply >= 0.95 (tests/nlu/routes_heldout.yml)
  - immediate_danger recall on the held-out set == 1.0
  - the danger safety net alone catches every message in tests/nlu/danger_wording.yml
  - short answers (scripts/evaluate_answers.py, tests/nlu/answers_heldout.yml): the
    first bubble holds the fact for >= 0.90 of specific questions, its median length is
    <= 60 words, and wrong answers are <= 0.03
  - places (scripts/evaluate_places.py): >= 0.95 right, no unknown place given an area;
    and how many force areas have a confirmed local service
  - languages (scripts/evaluate_languages.py): no English message taken for another
    language, and the reply each held-out message gets
None of the held-out sets is trained on.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any, Dict, List, Tuple

import yaml

from actions.conversation import said
from safety.choosing import Turn, choose
from safety.content import library
from safety.danger import danger_signal
from scripts import evaluate_answers, evaluate_languages, evaluate_places

ROOT = Path(__file__).resolve().parent.parent
REPORTS = ROOT / "reports"
HELDOUT = ROOT / "tests" / "nlu" / "heldout.yml"
ROUTES = ROOT / "tests" / "nlu" / "routes_heldout.yml"
ROUTES_BLIND = ROOT / "tests" / "nlu" / "routes_blind.yml"
ROUTE_SETS = {
    ROUTES: "written 2026-12-07; its misses were looked at to write the local-help cue",
    ROUTES_BLIND: "blind: written 2026-12-07 by a writer who saw no training data, code or test set",
}
# The replies a message of these intents should get (safety/choosing.py): the local question
# or local help; the risk reply, or the danger reply, which outranks it.
RIGHT_ROUTES = {
    "find_local_help": {("ask_where", ""), ("local", ""), ("which_place", ""), ("confirm_place", "")},
    "risk_sign": {("guidance", "risk_signs"), ("guidance", "immediate_danger")},
}
TARGET_ROUTED = 0.95
DANGER_SETS_DIR = ROOT / "tests" / "nlu"
MODEL = ROOT / "models" / "current.tar.gz"
TARGET_ACCURACY = 0.95
TARGET_DANGER_RECALL = 1.0
ANNOTATION = re.compile(r"\[([^\]]+)\](?:\{[^}]*\}|\([^)]*\))")


def heldout_examples(path: Path = HELDOUT) -> List[Tuple[str, str]]:
    """(intent, plain text) for every held-out example."""
    found = []
    for block in yaml.safe_load(path.read_text())["nlu"]:
        if "intent" in block:
            for line in block["examples"].splitlines():
                if line.strip().startswith("- "):
                    found.append((block["intent"], ANNOTATION.sub(r"\1", line.strip()[2:])))
    return found


def route_figures(parse: Any, path: Path) -> Dict[str, Dict[str, Any]]:
    """For each intent in a route set: how often the classifier names it, and how often
    the reply is the right route whatever it named."""
    lib = library()
    rows: Dict[str, List[Tuple[bool, bool]]] = {}
    for intent, text in heldout_examples(path):
        parsed = parse(text)
        choice = choose(lib, Turn(**dict(said(parsed), text=text)))
        routed = (choice.kind, choice.item if choice.kind == "guidance" else "") in RIGHT_ROUTES[intent]
        rows.setdefault(intent, []).append((parsed["intent"]["name"] == intent, routed))
    return {
        intent: {
            "examples": len(found),
            "intent_accuracy": sum(named for named, _ in found) / len(found),
            "routed_right": sum(routed for _, routed in found) / len(found),
        }
        for intent, found in sorted(rows.items())
    }


def fallback_threshold() -> float:
    config = yaml.safe_load((ROOT / "config.yml").read_text())
    return next(c["threshold"] for c in config["pipeline"] if c["name"] == "FallbackClassifier")


def run_rasa_test(out: Path) -> None:
    env = dict(os.environ, RASA_TELEMETRY_ENABLED="false", PYTHONPATH=str(ROOT))
    command = [
        str(Path(sys.executable).parent / "rasa"),
        "test",
        "nlu",
        "--model",
        str(MODEL),
        "--nlu",
        str(HELDOUT),
        "--out",
        str(out),
        "--successes",
    ]
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode:
        sys.exit(f"rasa test nlu failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")


# The danger wording sets, and what each was used for. A set written blind measures the
# safety net honestly only until someone tunes the net, or trains the classifier, on it.
DANGER_SETS = {
    "danger_wording.yml": "tuning set for the net",
    "danger_blind.yml": "blind set 1: now a tuning set for the net and training data",
    "danger_blind_2.yml": "blind set 2: now a tuning set for the net and training data",
    "danger_blind_3.yml": "blind set 3: the runner-up rule was chosen after seeing its misses; not trained on",
    "danger_blind_4.yml": "blind set 4 (2026-11-29): not tuned on, not trained on",
}


def load_agent(model: Path = MODEL) -> Any:
    """A trained model, quietly: unconfigured, Rasa's structlog prints every parsed message."""
    import logging

    from rasa.core.agent import Agent
    from rasa.utils.log_utils import configure_structlog

    configure_structlog(logging.WARNING)
    logging.disable(logging.WARNING)
    return Agent.load(str(model))


def danger_figures(agent: Any) -> Dict[str, Dict[str, object]]:
    """Recall and false alarms on each danger set: the net alone, and the whole NLU."""
    import asyncio

    async def whole_nlu_says_danger(texts: List[str]) -> List[bool]:
        return [(await agent.parse_message(t))["intent"]["name"] == "immediate_danger" for t in texts]

    figures = {}
    for name, role in DANGER_SETS.items():
        path = DANGER_SETS_DIR / name
        if not path.exists():
            continue
        wording = yaml.safe_load(path.read_text())
        danger, calm = wording["danger"], wording["not_danger"]
        net_danger = [bool(danger_signal(t)) for t in danger]
        figures[name] = {
            "role": role,
            "sizes": [len(danger), len(calm)],
            "net_recall": _share(net_danger),
            "net_false_alarms": _share([bool(danger_signal(t)) for t in calm]),
            "nlu_recall": _share(asyncio.run(whole_nlu_says_danger(danger))),
            "nlu_false_alarms": _share(asyncio.run(whole_nlu_says_danger(calm))),
            "net_missed": [t for t, caught in zip(danger, net_danger, strict=True) if not caught],
        }
    held = heldout_examples()
    held_danger = [t for intent, t in held if intent == "immediate_danger"]
    held_calm = [t for intent, t in held if intent != "immediate_danger"]
    figures["heldout.yml"] = {
        "role": "held-out NLU set: never tuned on or trained on",
        "sizes": [len(held_danger), len(held_calm)],
        "net_recall": _share([bool(danger_signal(t)) for t in held_danger]),
        "net_false_alarms": _share([bool(danger_signal(t)) for t in held_calm]),
    }
    return figures


def _share(flags: List[bool]) -> float:
    return sum(flags) / len(flags)


def main() -> int:
    out = REPORTS / "nlu"
    run_rasa_test(out)
    report = json.loads((out / "intent_report.json").read_text())
    successes = json.loads((out / "intent_successes.json").read_text())
    errors = json.loads((out / "intent_errors.json").read_text())
    threshold = fallback_threshold()
    total = len(successes) + len(errors)
    answered_right = sum(1 for s in successes if s["intent_prediction"]["confidence"] >= threshold)
    answered_wrong = sum(1 for e in errors if e["intent_prediction"]["confidence"] >= threshold)
    agent = load_agent()
    danger_net = danger_figures(agent)
    parse = evaluate_answers.agent_parser(agent)
    answer_sets = {path: evaluate_answers.evaluate(parse, path) for path in evaluate_answers.SETS if path.exists()}
    routes = {path.name: route_figures(parse, path) for path in ROUTE_SETS}
    lib = library()
    confirmed = [a for a in lib.areas_with_confirmed_service() if lib.areas[a].region == "england_wales"]
    shown = sorted({a for a in lib.areas if lib.local_for(a)})
    figures = {
        "heldout_examples": total,
        "accuracy": report["accuracy"],
        "macro_f1": report["macro avg"]["f1-score"],
        "immediate_danger_recall": report["immediate_danger"]["recall"],
        "fallback_threshold": threshold,
        "answered_correctly_above_threshold": answered_right / total,
        "answered_wrongly_above_threshold": answered_wrong / total,
        "sent_to_topic_menu": 1 - (answered_right + answered_wrong) / total,
        "danger_net": danger_net,
        "routes": routes,
        **{key: answer_sets.get(path) for path, key in evaluate_answers.REPORT_KEYS.items()},
        "local": {
            "force_areas_with_a_confirmed_service": len(confirmed),
            "force_areas": 43,
            "areas_shown_a_local_service": len(shown),
        },
        "per_intent": {
            name: {k: round(v, 3) for k, v in row.items() if isinstance(v, (int, float))}
            for name, row in sorted(report.items())
            if isinstance(row, dict) and "recall" in row and not name.endswith("avg")
        },
    }
    (REPORTS / "evaluation.json").write_text(json.dumps(figures, indent=2))
    write_markdown(figures)

    print(f"Held-out NLU set: {total} examples, never trained on ({HELDOUT.relative_to(ROOT)})")
    print(f"  intent accuracy            {figures['accuracy']:.4f}   (target >= {TARGET_ACCURACY})")
    print(f"  immediate_danger recall    {figures['immediate_danger_recall']:.4f}   (target = {TARGET_DANGER_RECALL})")
    print(f"  macro F1                   {figures['macro_f1']:.4f}")
    print(
        f"  answered right / wrong / topic menu at confidence {threshold}: "
        f"{figures['answered_correctly_above_threshold']:.3f} / {figures['answered_wrongly_above_threshold']:.3f} / "
        f"{figures['sent_to_topic_menu']:.3f}"
    )
    print("Danger wording: the safety net alone (safety/danger.py), and the whole NLU (classifier + net)")
    for name, row in danger_net.items():
        whole = (
            f"; whole NLU recall {row['nlu_recall']:.3f}, false alarms {row['nlu_false_alarms']:.3f}"
            if "nlu_recall" in row
            else ""
        )
        print(
            f"  {name:22s} net recall {row['net_recall']:.3f}, false alarms {row['net_false_alarms']:.3f}{whole}"
            f"   ({row['sizes'][0]} danger / {row['sizes'][1]} not; {row['role']})"
        )
    for path, result in answer_sets.items():
        print(f"Short answers, {path.relative_to(ROOT)} (never trained on; {evaluate_answers.SETS[path]})")
        for label, value in evaluate_answers.report_lines(result):
            print(f"  {label:62s} {value}")
    for path, role in ROUTE_SETS.items():
        print(f"Help near you and risk signs ({path.relative_to(ROOT)}, never trained on; {role})")
        for intent, row in routes[path.name].items():
            print(
                f"  {intent:22s} intent named {row['intent_accuracy']:.3f}; the right reply {row['routed_right']:.3f}"
                f"   (target >= {TARGET_ROUTED}; {row['examples']} examples)"
            )
    print(
        f"Local services: {len(confirmed)} of 43 police force areas have a confirmed service; "
        f"{len(shown)} areas are shown one with a confirmed contact"
    )
    print(
        f"Report: {(REPORTS / 'evaluation.md').relative_to(ROOT)}, confusion matrix: "
        f"{(out / 'intent_confusion_matrix.png').relative_to(ROOT)}"
    )

    for path, result in answer_sets.items():
        for problem in evaluate_answers.missed_targets(result):
            print(f"MISSED TARGET (reported, an open issue): {path.name}: {problem}")
    missed = [
        f"{path.name}: {problem}"
        for path, result in answer_sets.items()
        for problem in evaluate_answers.below_floor(path, result)
    ]
    missed += [
        f"{name}: {intent}: the right reply for {row['routed_right']:.3f} < {TARGET_ROUTED}"
        for name, rows in routes.items()
        for intent, row in rows.items()
        if row["routed_right"] < TARGET_ROUTED
    ]
    if figures["accuracy"] < TARGET_ACCURACY:
        missed.append(f"intent accuracy {figures['accuracy']:.4f} < {TARGET_ACCURACY}")
    if figures["immediate_danger_recall"] < TARGET_DANGER_RECALL:
        missed.append(f"immediate_danger recall {figures['immediate_danger_recall']:.4f} < {TARGET_DANGER_RECALL}")
    if danger_net["danger_wording.yml"]["net_missed"]:
        missed.append(f"the safety net missed danger wording: {danger_net['danger_wording.yml']['net_missed']}")
    for problem in missed:
        print(f"FAILED: {problem}", file=sys.stderr)
    print()
    places = evaluate_places.main()
    print()
    languages = evaluate_languages.main()
    return 1 if missed or places or languages else 0


def answers_section(figures: Dict[str, Any]) -> str:
    sections = []
    for path, key in evaluate_answers.REPORT_KEYS.items():
        if figures.get(key):
            rows = "\n".join(f"| {label} | {value} |" for label, value in evaluate_answers.report_lines(figures[key]))
            sections.append(
                f"## Short answers ({path.relative_to(ROOT)})\n\n{evaluate_answers.SETS[path]}\n\n"
                f"| figure | value |\n|---|---|\n{rows}\n"
            )
    return "\n".join(sections)


def write_markdown(figures: Dict[str, object]) -> None:
    rows = "\n".join(
        f"| {name} | {row['precision']:.3f} | {row['recall']:.3f} | {row['f1-score']:.3f} | {int(row['support'])} |"
        for name, row in figures["per_intent"].items()
    )

    def cell(row: Dict[str, object], key: str) -> str:
        return f"{row[key]:.3f}" if key in row else "see above"

    danger_rows = "\n".join(
        f"| {name} | {row['sizes'][0]} / {row['sizes'][1]} | {row['net_recall']:.3f} | {row['net_false_alarms']:.3f} | "
        f"{cell(row, 'nlu_recall')} | {cell(row, 'nlu_false_alarms')} | {row['role']} |"
        for name, row in figures["danger_net"].items()
    )
    (REPORTS / "evaluation.md").write_text(
        f"""# NLU evaluation (held-out set)

Produced by `make evaluate` (scripts/evaluate.py) from {HELDOUT.relative_to(ROOT)}, which is never trained on.

| figure | value |
|---|---|
| examples | {figures["heldout_examples"]} |
| intent accuracy | {figures["accuracy"]:.4f} |
| macro F1 | {figures["macro_f1"]:.4f} |
| immediate_danger recall | {figures["immediate_danger_recall"]:.4f} |
| answered right above the fallback threshold ({figures["fallback_threshold"]}) | {figures["answered_correctly_above_threshold"]:.4f} |
| answered wrong above the threshold | {figures["answered_wrongly_above_threshold"]:.4f} |
| sent to the topic menu instead | {figures["sent_to_topic_menu"]:.4f} |

## Danger wording (tests/nlu/danger_*.yml)

Recall: the share of danger messages answered with the emergency guidance. False alarms:
the share of frightening-but-not-urgent messages answered with it. "Whole NLU" is what
the bot does (classifier and net); the held-out row's whole-NLU figures are the
immediate_danger recall above.

| set | danger / not | net recall | net false alarms | whole NLU recall | whole NLU false alarms | role |
|---|---|---|---|---|---|---|
{danger_rows}

{answers_section(figures)}
Confusion matrix: `reports/nlu/intent_confusion_matrix.png`. Errors: `reports/nlu/intent_errors.json`.

| intent | precision | recall | F1 | examples |
|---|---|---|---|---|
{rows}
"""  # noqa: E501 (a Markdown table row is one line)
    )


if __name__ == "__main__":
    sys.exit(main())
