"""Score language detection (safety/language.py): `python -m scripts.evaluate_languages`.

Prints, and writes to reports/languages.json:
  - detection accuracy per language on the held-out multilingual set
    (tests/nlu/languages.yml, never tuned on), Panjabi and Urdu split by script;
  - false detections on every English set: the held-out NLU set, the danger wording
    sets and every training example in data/nlu (target: none);
  - the detector's latency per message (median and 95th percentile) and the memory its
    models add to a process;
  - with a trained model (models/current.tar.gz), that the NLU pipeline puts the same
    language into every parse output.
Exits 1 when an English message is taken for another language.
"""

from __future__ import annotations

import json
import os
import re
import statistics
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Dict, List, Tuple

import yaml

from scripts import evaluate_answers

ROOT = Path(__file__).resolve().parent.parent
NLU_TESTS = ROOT / "tests" / "nlu"
HELDOUT_LANGUAGES = NLU_TESTS / "languages.yml"
MODEL = ROOT / "models" / "current.tar.gz"
REPORT = ROOT / "reports" / "languages.json"
DANGER_SETS = (
    "danger_wording.yml",
    "danger_blind.yml",
    "danger_blind_2.yml",
    "danger_blind_3.yml",
    "danger_blind_4.yml",
)
ANSWER_SETS = tuple(path.name for path in evaluate_answers.SETS)  # one list of answer sets, there
PLACE_SETS = ("places_heldout.yml", "places_blind.yml")
ANNOTATION = re.compile(r"\[([^\]]+)\](?:\{[^}]*\}|\([^)]*\))")


def rasa_examples(path: Path) -> List[str]:
    """The plain text of every intent example in a Rasa NLU file (lookup tables and
    synonyms are not messages)."""
    found = []
    for block in yaml.safe_load(path.read_text()).get("nlu") or []:
        if "intent" in block:
            for line in block["examples"].splitlines():
                if line.strip().startswith("- "):
                    found.append(ANNOTATION.sub(r"\1", line.strip()[2:]))
    return found


def english_sets() -> Dict[str, List[str]]:
    """Every English message the project has: set name -> texts."""
    sets = {"heldout.yml": rasa_examples(NLU_TESTS / "heldout.yml")}
    for name in DANGER_SETS:
        wording = yaml.safe_load((NLU_TESTS / name).read_text())
        sets[name] = wording["danger"] + wording["not_danger"]
    for name in ANSWER_SETS:
        sets[name] = [q["text"] for q in yaml.safe_load((NLU_TESTS / name).read_text())["questions"]]
    for name in PLACE_SETS:
        sets[name] = [p["text"] for p in yaml.safe_load((NLU_TESTS / name).read_text())["places"]]
    sets["data/nlu (training)"] = [
        t for path in sorted((ROOT / "data" / "nlu").rglob("*.yml")) for t in rasa_examples(path)
    ]
    return sets


def heldout_languages() -> List[dict]:
    return yaml.safe_load(HELDOUT_LANGUAGES.read_text())["messages"]


def group_of(item: dict) -> str:
    """The reporting group: the language, with Panjabi and Urdu split by script."""
    code = item["language"]
    if code in ("pa", "ur"):
        return f"{code} ({'romanised' if item.get('romanised') else 'Gurmukhi' if code == 'pa' else 'Urdu script'})"
    return code


def _latency(seconds: List[float]) -> Dict[str, float]:
    ordered = sorted(seconds)
    return {
        "median_ms": statistics.median(ordered) * 1000,
        "p95_ms": ordered[round(0.95 * (len(ordered) - 1))] * 1000,
        "messages": len(ordered),
    }


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main() -> int:
    # Memory first, in a process that has loaded nothing else yet.
    before = _rss_mb()
    started = time.perf_counter()
    from safety.language import detect, detector

    detector()
    load_seconds = time.perf_counter() - started
    added_mb = _rss_mb() - before

    timings: Dict[str, List[float]] = defaultdict(list)

    def timed(text: str, kind: str):
        start = time.perf_counter()
        guess = detect(text)
        timings[kind].append(time.perf_counter() - start)
        return guess

    # The held-out multilingual set.
    items = heldout_languages()
    per_group: Dict[str, List[bool]] = defaultdict(list)
    misses: List[Tuple[str, str, str]] = []
    detected: Dict[str, str] = {}
    for item in items:
        guess = timed(item["text"], "held-out multilingual set")
        detected[item["text"]] = guess.code
        right = guess.code == item["language"] and bool(item.get("romanised")) == guess.romanised
        per_group[group_of(item)].append(right)
        if not right:
            misses.append((group_of(item), guess.code + (" (romanised)" if guess.romanised else ""), item["text"]))
    seen_as_english = sum(1 for item in items if detected[item["text"]] == "en")
    welsh_items = [i for i in items if i["language"] == "cy"]
    danger_items = [i for i in items if i["danger"]]

    # The English sets.
    english: Dict[str, Dict[str, object]] = {}
    for name, texts in english_sets().items():
        wrong = [(t, timed(t, "English sets").code) for t in texts]
        wrong = [(t, code) for t, code in wrong if code != "en"]
        english[name] = {
            "messages": len(texts),
            "false": len(wrong),
            "rate": len(wrong) / len(texts),
            "examples": [f"{code}: {t}" for t, code in wrong[:10]],
        }

    timings["all"] = timings["held-out multilingual set"] + timings["English sets"]
    latency = {kind: _latency(values) for kind, values in timings.items()}
    figures = {
        "heldout": {
            "messages": len(items),
            "accuracy": sum(sum(v) for v in per_group.values()) / len(items),
            "per_language": {
                g: {"messages": len(v), "accuracy": sum(v) / len(v)} for g, v in sorted(per_group.items())
            },
            "taken_for_english": seen_as_english,
            "welsh_recognised": sum(1 for i in welsh_items if detected[i["text"]] == "cy") / len(welsh_items),
            "danger_messages_not_english": sum(1 for i in danger_items if detected[i["text"]] != "en")
            / len(danger_items),
            "misses": [f"{g} -> {code}: {t}" for g, code, t in misses],
        },
        "english_sets": english,
        "latency": latency,
        "memory": {"detector_added_mb": added_mb, "load_seconds": load_seconds},
    }
    figures["model"] = check_trained_model(items, detected) if MODEL.exists() else None

    print(
        f"Language detection, held-out set {HELDOUT_LANGUAGES.relative_to(ROOT)} "
        f"({len(items)} messages, never tuned on)"
    )
    for group, row in figures["heldout"]["per_language"].items():
        print(f"  {group:22s} {row['accuracy']:.3f}   ({row['messages']} messages)")
    print(f"  {'all':22s} {figures['heldout']['accuracy']:.3f}")
    print(
        f"  Welsh recognised as Welsh: {figures['heldout']['welsh_recognised']:.3f}; "
        f"danger messages seen as not English (so the reply can start with the emergency line): "
        f"{figures['heldout']['danger_messages_not_english']:.3f}; taken for English: {seen_as_english}"
    )
    for miss in figures["heldout"]["misses"]:
        print(f"    miss  {miss}")
    print("False detections on the English sets (target 0)")
    for name, row in english.items():
        print(f"  {name:22s} {row['false']:4d} of {row['messages']:5d}  rate {row['rate']:.4f}")
        for example in row["examples"]:
            print(f"    {example}")
    print("Latency of safety.language.detect per message (models already loaded)")
    for kind, row in latency.items():
        print(f"  {kind:26s} median {row['median_ms']:.3f} ms, p95 {row['p95_ms']:.3f} ms ({row['messages']} messages)")
    print(f"Detector models: {added_mb:.0f} MB added to the process, loaded in {load_seconds:.1f} s")
    if figures["model"]:
        m = figures["model"]
        print(
            f"Trained model: 'language' in the parse output of {m['with_language']} of {m['messages']} "
            f"held-out messages, the same code as safety.language for {m['same_code']}"
        )
        print(
            f"Replies: Welsh answered in Welsh {m['welsh_answered_in_welsh']} of {m['welsh_expected']}, "
            f"with Live Fear Free {m['welsh_with_live_fear_free']}, emergency line first {m['welsh_emergency_first']}; "
            f"other languages: emergency line first {m['other_emergency_first']} of {m['other_expected']}, "
            f"the interpreter route {m['other_interpreter_route']}"
        )
    else:
        print(f"Trained model: not checked ({MODEL.relative_to(ROOT)} not found; run make train)")

    REPORT.parent.mkdir(exist_ok=True)
    REPORT.write_text(json.dumps(figures, indent=2, ensure_ascii=False))
    print(f"Report: {REPORT.relative_to(ROOT)}")

    failed = sum(row["false"] for row in english.values())
    if failed:
        print(f"FAILED: {failed} English messages taken for another language", file=sys.stderr)
    if figures["model"] and figures["model"]["with_language"] < figures["model"]["messages"]:
        print("FAILED: the trained model's parse output lacks 'language'", file=sys.stderr)
        failed += 1
    m = figures["model"]
    welsh_short = m and min(m["welsh_answered_in_welsh"], m["welsh_with_live_fear_free"], m["welsh_emergency_first"])
    other_short = m and min(m["other_emergency_first"], m["other_interpreter_route"])
    if m and (welsh_short < m["welsh_expected"] or other_short < m["other_expected"]):
        print(
            "FAILED: a held-out message's reply is not in Welsh with Live Fear Free, or doesn't start with the "
            "emergency line, or lacks the emergency interpreter route",
            file=sys.stderr,
        )
        failed += 1
    return 1 if failed else 0


def check_trained_model(items: List[dict], detected: Dict[str, str]) -> Dict[str, int]:
    """Parse the held-out set with the trained model, as the bot does."""
    import asyncio
    import logging

    os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")
    from rasa.core.agent import Agent
    from rasa.utils.log_utils import configure_structlog

    configure_structlog(logging.WARNING)  # unconfigured, Rasa's structlog prints every parsed message
    logging.disable(logging.WARNING)
    agent = Agent.load(str(MODEL))

    async def parse_all() -> List[dict]:
        return [await agent.parse_message(item["text"]) for item in items]

    parsed = asyncio.run(parse_all())
    logging.disable(logging.NOTSET)
    codes = Counter()
    for item, data in zip(items, parsed, strict=True):
        language = data.get("language")
        codes["with_language"] += language is not None
        codes["same_code"] += bool(language) and language["code"] == detected[item["text"]]
        codes.update(reply_checks(item, data))
    return {"messages": len(items), **codes}


def reply_checks(item: dict, parsed: dict) -> Counter:
    """What the reply to one held-out message does, as the action server would send it
    (safety/choosing.py and the content): Welsh answered in Welsh with Live Fear Free, or
    the emergency line first and then 999's interpreter route."""
    from safety.choosing import Turn, choose
    from safety.content import library

    lib = library()
    turn = Turn(
        intent=(parsed.get("intent") or {}).get("name"),
        text=item["text"],
        language=(parsed.get("language") or {}).get("code"),
    )
    choice = choose(lib, turn)
    context = {"language": choice.note} if choice.note else {}
    texts = [m["text"] for m in lib.render(choice.item, context)] if choice.kind == "guidance" else [""]
    emergency = lib.services["emergency"].phone
    first_line = texts[0].split(".")[0]
    found: Counter = Counter()
    if item["expect"] == "welsh_reply":
        found["welsh_expected"] += 1
        found["welsh_answered_in_welsh"] += (
            lib.entries.get(choice.item) is not None and lib.entries[choice.item].language == "cy"
        )
        found["welsh_with_live_fear_free"] += any(lib.services["live_fear_free"].phone in t for t in texts)
        found["welsh_emergency_first"] += emergency in first_line
    else:
        found["other_expected"] += 1
        found["other_emergency_first"] += emergency in first_line
        found["other_interpreter_route"] += any('"Help' in t for t in texts)
    return found


if __name__ == "__main__":
    sys.exit(main())
