"""`make compare-selectors`: how to pick the short answer, chosen on the training data.

Two questions, answered without touching the held-out question set:
1. Which selector: the project's own (logistic regression on the sentence embeddings,
   addons/answer_selector.py) or nearest neighbours on the same embeddings? Measured by
   5-fold cross-validation on the training examples (data/nlu/).
2. Which thresholds (safety/choosing.py): the confidence at which an answer is served,
   and the higher confidence at which a confident answer may rescue a message the intent
   classifier could not place. Chosen on the same cross-validated predictions, to keep
   wrong answers rare.
With `--rasa`, it also trains Rasa's own ResponseSelector (retrieval intents, as Sara
does) in a scratch folder and scores it and the project's model on the held-out
questions (tests/nlu/answers_heldout.yml) with scripts/evaluate_answers.py: that held-out
comparison is the one docs/performance.md reports. Prints JSON.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any, Dict, List, Tuple

import numpy as np
import yaml

ROOT = Path(__file__).resolve().parent.parent
ANNOTATION = re.compile(r"\[([^\]]+)\](?:\{[^}]*\}|\([^)]*\))")
OVERVIEW = "overview"


def training_examples() -> List[Tuple[str, str]]:
    """(answer key, text) for every NLU training example: <intent>/<answer id> or <intent>/overview."""
    found = []
    for path in sorted((ROOT / "data" / "nlu").rglob("*.yml")):
        for block in yaml.safe_load(path.read_text()).get("nlu", []):
            if "intent" not in block:
                continue
            key = block["intent"] if "/" in block["intent"] else f"{block['intent']}/{OVERVIEW}"
            for line in block["examples"].splitlines():
                if line.strip().startswith("- "):
                    found.append((key, ANNOTATION.sub(r"\1", line.strip()[2:])))
    return found


def embed(texts: List[str]) -> np.ndarray:
    from addons.minilm import sentence_vectors
    from safety.places import without_places

    return sentence_vectors([without_places(t) for t in texts])  # as the featurizer reads them


def cross_validated(
    X: np.ndarray,
    y: np.ndarray,
    model: str,
    c: float = 20.0,
    folds: int = 5,
    extra: Tuple[np.ndarray, np.ndarray] | None = None,
) -> np.ndarray:
    """Out-of-fold class probabilities for every example; `extra` (vectors, keys) is added to
    every fold's training part, as the answers' own words are (addons/answer_selector.py)."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold

    classes = np.unique(y)
    probabilities = np.zeros((len(y), len(classes)), dtype=np.float32)
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=7)
    for train, test in splitter.split(X, y):
        if model == "logistic":
            X_train, y_train = X[train], y[train]
            if extra is not None:
                X_train, y_train = np.vstack([X_train, extra[0]]), np.concatenate([y_train, extra[1]])
            fitted = LogisticRegression(C=c, max_iter=2000, class_weight="balanced").fit(X_train, y_train)
            probabilities[np.ix_(test, np.searchsorted(classes, fitted.classes_))] = fitted.predict_proba(X[test])
        else:  # nearest neighbours: the best cosine similarity per class, as a softmax
            sims = X[test] @ X[train].T
            best = np.full((len(test), len(classes)), -1.0, dtype=np.float32)
            for k, label in enumerate(classes):
                mask = y[train] == label
                if mask.any():
                    best[:, k] = sims[:, mask].max(1)
            scores = np.exp((best - best.max(1, keepdims=True)) * 20)
            probabilities[test] = scores / scores.sum(1, keepdims=True)
    return probabilities


def served(
    keys: List[str],
    probabilities: np.ndarray,
    classes: np.ndarray,
    threshold: float,
    margin: Tuple[float, float] | None = None,
) -> Dict[str, float]:
    """With the example's own intent known: how often the right answer is served, the
    overview given, or a wrong answer served, at this threshold; with `margin` (lower
    threshold, ratio), also when the best key is that many times the next of its topic."""
    right = wrong = overview = 0
    specific = [i for i, k in enumerate(keys) if not k.endswith(f"/{OVERVIEW}")]
    for i in specific:
        intent = keys[i].split("/")[0]
        own = sorted(
            (j for j, label in enumerate(classes) if label.startswith(f"{intent}/")), key=lambda j: -probabilities[i, j]
        )
        best, p = own[0], probabilities[i, own[0]]
        chosen = classes[best]
        second = probabilities[i, own[1]] if len(own) > 1 else 0.0
        ahead = margin is not None and p >= margin[0] and p >= margin[1] * second
        if chosen.endswith(f"/{OVERVIEW}") or (p < threshold and not ahead):
            overview += 1
        elif chosen == keys[i]:
            right += 1
        else:
            wrong += 1
    n = len(specific)
    return {"threshold": threshold, "right": right / n, "overview": overview / n, "wrong": wrong / n}


def rescue(keys: List[str], probabilities: np.ndarray, classes: np.ndarray, threshold: float) -> Dict[str, float]:
    """An answer served on the selector alone (the intent unknown): right and wrong shares."""
    best = probabilities.argmax(1)
    fired = [
        i
        for i in range(len(keys))
        if probabilities[i, best[i]] >= threshold and not classes[best[i]].endswith(f"/{OVERVIEW}")
    ]
    right = sum(classes[best[i]] == keys[i] for i in fired)
    return {
        "threshold": threshold,
        "fires": len(fired) / len(keys),
        "right": right / len(keys),
        "wrong": (len(fired) - right) / len(keys),
    }


def on_training_data() -> Dict[str, Any]:
    examples = training_examples()
    keys = [k for k, _ in examples]
    X = embed([t for _, t in examples])
    y = np.array(keys)
    classes = np.unique(y)
    result: Dict[str, Any] = {"examples": len(keys), "answer_keys": int(sum(not c.endswith(OVERVIEW) for c in classes))}
    from addons.answer_selector import answer_documents
    from addons.minilm import sentence_vectors

    documents = answer_documents()
    extra = (sentence_vectors([text for _, text in documents]), np.array([key for key, _ in documents]))
    for name, model, c, with_documents in (
        ("logistic C=5", "logistic", 5.0, True),
        ("logistic C=20", "logistic", 20.0, True),
        ("logistic C=80", "logistic", 80.0, True),
        ("logistic C=20, examples only", "logistic", 20.0, False),
        ("nearest neighbours", "nearest", 0.0, False),
    ):
        probabilities = cross_validated(X, y, model, c, extra=extra if with_documents else None)
        result[name] = {
            "top1_accuracy": float((classes[probabilities.argmax(1)] == y).mean()),
            "serving": [served(keys, probabilities, classes, t) for t in (0.2, 0.3, 0.4, 0.5, 0.6)],
            # safety/choosing.py: 0.40, or 0.25 and three times the next key of the topic
            "serving_with_margin": [
                dict(served(keys, probabilities, classes, 0.40, (low, ratio)), margin=[low, ratio])
                for low, ratio in ((0.2, 3.0), (0.25, 2.0), (0.25, 3.0), (0.3, 3.0))
            ],
            "rescue": [rescue(keys, probabilities, classes, t) for t in (0.5, 0.6, 0.7, 0.8)],
        }
    return result


def rasa_response_selector() -> Dict[str, Any]:
    """Rasa's ResponseSelector on the held-out questions, beside the project's own model."""
    from safety.content import library
    from scripts import evaluate_answers
    from scripts.evaluate import load_agent

    lib = library()
    scratch = Path(tempfile.mkdtemp(prefix="selector-"))
    try:
        data = scratch / "nlu.yml"
        blocks = []
        for path in sorted((ROOT / "data" / "nlu").rglob("*.yml")):
            for block in yaml.safe_load(path.read_text()).get("nlu", []):
                if "intent" in block and "/" not in block["intent"] and block["intent"] in lib.topic_intents.values():
                    block = dict(block, intent=f"{block['intent']}/{OVERVIEW}")  # every retrieval example needs a key
                blocks.append(block)
        data.write_text(yaml.safe_dump({"version": "3.1", "nlu": blocks}, sort_keys=False, allow_unicode=True))
        responses = {}
        for intent_ in lib.topic_intents.values():
            topic = next(t for t, i in lib.topic_intents.items() if i == intent_)
            responses[f"utter_{intent_}/{OVERVIEW}"] = [{"text": lib.render(topic)[0]["text"]}]
        for answer_id, topic in lib.answer_topics.items():
            responses[f"utter_{lib.topic_intents[topic]}/{answer_id}"] = [{"text": lib.answer_text(answer_id)}]
        domain = yaml.safe_load((ROOT / "domain.yml").read_text())
        domain["responses"] = responses
        (scratch / "domain.yml").write_text(yaml.safe_dump(domain, sort_keys=False, allow_unicode=True))
        config = yaml.safe_load((ROOT / "config.yml").read_text())
        pipeline = [c for c in config["pipeline"] if c["name"] != "addons.answer_selector.AnswerSelector"]
        at = next(i for i, c in enumerate(pipeline) if c["name"].endswith("SklearnIntentClassifier")) + 1
        pipeline.insert(at, {"name": "ResponseSelector", "epochs": 100, "retrieval_intent": None})
        (scratch / "config.yml").write_text(yaml.safe_dump(dict(config, pipeline=pipeline), sort_keys=False))
        subprocess.run(
            [
                str(Path(sys.executable).parent / "rasa"),
                "train",
                "nlu",
                "--nlu",
                str(data),
                "--config",
                str(scratch / "config.yml"),
                "--domain",
                str(scratch / "domain.yml"),
                "--out",
                str(scratch),
                "--fixed-model-name",
                "selector",
            ],
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
        agent = load_agent(scratch / "selector.tar.gz")

        def parse(text: str) -> Dict[str, Any]:
            import asyncio

            result = asyncio.run(agent.parse_message(text))
            intent_ = result["intent"]["name"]
            selected = (result.get("response_selector") or {}).get("default", {})
            ranking = [
                {"key": r["intent_response_key"], "confidence": r["confidence"]} for r in selected.get("ranking", [])
            ]
            return {"intent": result["intent"], "answer": {"ranking": ranking}} if intent_ else result

        rasa = evaluate_answers.evaluate(parse)
        own = evaluate_answers.evaluate(evaluate_answers.agent_parser(load_agent()))
        drop = ("misses",)
        return {
            "rasa ResponseSelector": {k: v for k, v in rasa.items() if k not in drop},
            "own AnswerSelector": {k: v for k, v in own.items() if k not in drop},
        }
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def main(argv: List[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rasa", action="store_true", help="also train and score Rasa's ResponseSelector (slow)")
    args = parser.parse_args(argv)
    result: Dict[str, Any] = {"cross_validation_on_training_data": on_training_data()}
    if args.rasa:
        result["held_out_questions"] = rasa_response_selector()
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
