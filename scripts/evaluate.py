"""`make evaluate`: score the trained model on the held-out NLU set and the danger wording.

Writes reports/nlu/ (Rasa's per-intent report, errors and the confusion matrix image)
and reports/evaluation.md, prints the figures, and exits 1 when a target is missed:
  - held-out intent accuracy >= 0.92
  - immediate_danger recall on the held-out set == 1.0
  - the danger safety net alone catches every message in tests/nlu/danger_wording.yml
The held-out set (tests/nlu/heldout.yml) is never trained on.
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Dict, List, Tuple

import yaml

from safety.danger import danger_signal

ROOT = Path(__file__).resolve().parent.parent
REPORTS = ROOT / "reports"
HELDOUT = ROOT / "tests" / "nlu" / "heldout.yml"
DANGER_WORDING = ROOT / "tests" / "nlu" / "danger_wording.yml"
MODEL = ROOT / "models" / "current.tar.gz"
TARGET_ACCURACY = 0.92
TARGET_DANGER_RECALL = 1.0
ANNOTATION = re.compile(r"\[([^\]]+)\](?:\{[^}]*\}|\([^)]*\))")


def heldout_examples() -> List[Tuple[str, str]]:
    """(intent, plain text) for every held-out example."""
    found = []
    for block in yaml.safe_load(HELDOUT.read_text())["nlu"]:
        if "intent" in block:
            for line in block["examples"].splitlines():
                if line.strip().startswith("- "):
                    found.append((block["intent"], ANNOTATION.sub(r"\1", line.strip()[2:])))
    return found


def fallback_threshold() -> float:
    config = yaml.safe_load((ROOT / "config.yml").read_text())
    return next(c["threshold"] for c in config["pipeline"] if c["name"] == "FallbackClassifier")


def run_rasa_test(out: Path) -> None:
    env = dict(os.environ, RASA_TELEMETRY_ENABLED="false", PYTHONPATH=str(ROOT))
    command = [str(Path(sys.executable).parent / "rasa"), "test", "nlu", "--model", str(MODEL),
               "--nlu", str(HELDOUT), "--out", str(out), "--successes"]
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode:
        sys.exit(f"rasa test nlu failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")


def net_figures() -> Dict[str, object]:
    """The deterministic safety net on its own, without the classifier."""
    wording = yaml.safe_load(DANGER_WORDING.read_text())
    heldout = heldout_examples()
    held_danger = [text for intent, text in heldout if intent == "immediate_danger"]
    held_other = [text for intent, text in heldout if intent != "immediate_danger"]

    def share(texts: List[str]) -> float:
        return sum(1 for t in texts if danger_signal(t)) / len(texts)

    return {
        "wording_recall": share(wording["danger"]),
        "wording_missed": [t for t in wording["danger"] if not danger_signal(t)],
        "wording_false_alarm_rate": share(wording["not_danger"]),
        "wording_sizes": [len(wording["danger"]), len(wording["not_danger"])],
        "heldout_recall": share(held_danger),
        "heldout_false_alarm_rate": share(held_other),
        "heldout_sizes": [len(held_danger), len(held_other)],
    }


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
    danger_net = net_figures()
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
    print(f"  answered right / wrong / topic menu at confidence {threshold}: "
          f"{figures['answered_correctly_above_threshold']:.3f} / {figures['answered_wrongly_above_threshold']:.3f} / "
          f"{figures['sent_to_topic_menu']:.3f}")
    print(f"Danger safety net alone (safety/danger.py):")
    print(f"  recall on danger wording   {danger_net['wording_recall']:.4f} of {danger_net['wording_sizes'][0]}"
          f"; false alarms {danger_net['wording_false_alarm_rate']:.4f} of {danger_net['wording_sizes'][1]}")
    print(f"  recall on held-out danger  {danger_net['heldout_recall']:.4f} of {danger_net['heldout_sizes'][0]}"
          f"; false alarms {danger_net['heldout_false_alarm_rate']:.4f} of {danger_net['heldout_sizes'][1]}")
    print(f"Report: {(REPORTS / 'evaluation.md').relative_to(ROOT)}, confusion matrix: "
          f"{(out / 'intent_confusion_matrix.png').relative_to(ROOT)}")

    missed = []
    if figures["accuracy"] < TARGET_ACCURACY:
        missed.append(f"intent accuracy {figures['accuracy']:.4f} < {TARGET_ACCURACY}")
    if figures["immediate_danger_recall"] < TARGET_DANGER_RECALL:
        missed.append(f"immediate_danger recall {figures['immediate_danger_recall']:.4f} < {TARGET_DANGER_RECALL}")
    if danger_net["wording_missed"]:
        missed.append(f"the safety net missed danger wording: {danger_net['wording_missed']}")
    for problem in missed:
        print(f"FAILED: {problem}", file=sys.stderr)
    return 1 if missed else 0


def write_markdown(figures: Dict[str, object]) -> None:
    rows = "\n".join(
        f"| {name} | {row['precision']:.3f} | {row['recall']:.3f} | {row['f1-score']:.3f} | {int(row['support'])} |"
        for name, row in figures["per_intent"].items()
    )
    net = figures["danger_net"]
    (REPORTS / "evaluation.md").write_text(
        f"""# NLU evaluation (held-out set)

Produced by `make evaluate` (scripts/evaluate.py) from {HELDOUT.relative_to(ROOT)}, which is never trained on.

| figure | value |
|---|---|
| examples | {figures['heldout_examples']} |
| intent accuracy | {figures['accuracy']:.4f} |
| macro F1 | {figures['macro_f1']:.4f} |
| immediate_danger recall | {figures['immediate_danger_recall']:.4f} |
| answered right above the fallback threshold ({figures['fallback_threshold']}) | {figures['answered_correctly_above_threshold']:.4f} |
| answered wrong above the threshold | {figures['answered_wrongly_above_threshold']:.4f} |
| sent to the topic menu instead | {figures['sent_to_topic_menu']:.4f} |
| safety net alone: recall on tests/nlu/danger_wording.yml | {net['wording_recall']:.4f} |
| safety net alone: false alarms on its not-danger list | {net['wording_false_alarm_rate']:.4f} |
| safety net alone: recall on held-out danger | {net['heldout_recall']:.4f} |
| safety net alone: false alarms on other held-out intents | {net['heldout_false_alarm_rate']:.4f} |

Confusion matrix: `reports/nlu/intent_confusion_matrix.png`. Errors: `reports/nlu/intent_errors.json`.

| intent | precision | recall | F1 | examples |
|---|---|---|---|---|
{rows}
"""
    )


if __name__ == "__main__":
    sys.exit(main())
