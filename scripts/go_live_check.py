"""Is it safe to put the bot on the website? Lists everything that says not yet, and exits
non-zero while anything is listed.

    python -m scripts.go_live_check [--content DIR] [--today YYYY-MM-DD] [--helm-values FILE]

It lists:
- entries and answers not signed off, or changed since they were signed off;
- anything past its review date, and local services past their review_due;
- shown content citing a source that the fact base cites only for UNCONFIRMED or
  conflicting facts (needs the fact base: ../shared/reference or FACT_BASE_DIR);
- source addresses found by research that nobody has opened live (`opened_live_on`);
- Welsh texts still marked `translation_status: draft`: answers, and the widget's labels;
- tests the hazard log names that are not there;
- the production settings: the API token and the CORS origin, placeholders left in the
  Helm values, and the demo organisation in content/site.yml.

The production settings are read as the server will get them: the token from
RASA_AUTH_TOKEN (scripts/stack.py passes it to Rasa; give the chart the same token at
install time), the origin from SITE_ORIGIN (what scripts/stack.py gives Rasa's --cors) or,
when that is not set, from `applicationSettings.cors` in deploy/helm/rasa-values.yaml.
Run it where those are set for production. It is not part of `make test`: signing off is
the service's job, and until it is done this check fails, as it should.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, Iterator, List, Mapping, Optional, Sequence
from urllib.parse import urlparse

import yaml

from safety.content import CONTENT_DIR, ContentError, Library, load
from safety.content.factbase import FactBaseError, read_fact_base, reference_dir, unconfirmed_sources
from safety.content.review import CHANGED, SIGNED, shown_sources, topics
from scripts import hazard_log

ROOT = Path(__file__).resolve().parent.parent
HELM_VALUES = ROOT / "deploy" / "helm" / "rasa-values.yaml"
MIN_TOKEN = 16  # addons/metrics.py keeps /metrics off with a shorter token
PLACEHOLDER_TOKENS = {"unset", "change-me", "changeme", "token", "secret", "password"}
LOCAL_HOSTS = {"localhost", "127.0.0.1", "0.0.0.0", "::1"}

# The headings, in the order they are printed.
UNSIGNED = "Not signed off"
RESIGN = "Changed since sign-off: read again and sign again"
OVERDUE = "Past its review date"
LOCAL_OVERDUE = "Local services past their review_due"
UNCONFIRMED = "Shown content citing an UNCONFIRMED fact"
TO_OPEN = "Source addresses found by research: open each page and check it says what the register says"
WELSH = "Welsh texts still in draft"
HAZARDS = "The hazard log"
SETTINGS = "Production settings"
UNCHECKED = "Could not be checked"
GROUPS = (UNSIGNED, RESIGN, OVERDUE, LOCAL_OVERDUE, UNCONFIRMED, TO_OPEN, WELSH, HAZARDS, SETTINGS, UNCHECKED)


@dataclass(frozen=True)
class Finding:
    group: str
    what: str


# --- content ---------------------------------------------------------------------------------
def sign_off(lib: Library) -> Iterator[Finding]:
    for topic in topics(lib):
        for item_id in topic.items:
            state = lib.sign_off_state(item_id)
            if state == SIGNED:
                continue
            where = lib.where(item_id)
            if state == CHANGED:
                item = lib.item(item_id)
                yield Finding(
                    RESIGN,
                    f"{where}: {item_id} (signed by {item.signed_off_by} on {item.signed_off_on}; "
                    f"signed hash {item.signed_off_hash}, now {lib.content_hash(item_id)})",
                )
            else:
                yield Finding(UNSIGNED, f"{where}: {item_id}")


def overdue(lib: Library, today: dt.date) -> Iterator[Finding]:
    for late in lib.overdue(today):
        yield Finding(LOCAL_OVERDUE if late.startswith("content/local/") else OVERDUE, late)


def unconfirmed(lib: Library, facts: Mapping[str, str]) -> Iterator[Finding]:
    """Anything a user can be shown that rests on a source cited only for doubtful facts.
    Local services that are not CONFIRMED are never shown, so they are not listed."""
    doubtful = unconfirmed_sources(lib.register, facts)
    for topic in topics(lib):
        for item_id in topic.items:
            for source_id in shown_sources(lib, item_id):
                if source_id in doubtful:
                    yield Finding(
                        UNCONFIRMED,
                        f"{lib.where(item_id)}: {item_id} cites {source_id} "
                        f"({lib.register[source_id].name}); the fact base says: {doubtful[source_id]}",
                    )


def not_opened(lib: Library) -> Iterator[Finding]:
    for source_id, source in lib.register.items():
        if source.found_by == "research" and not source.opened_live_on:
            yield Finding(
                TO_OPEN,
                f"content/sources.yml: {source_id}: {source.url} should say: {source.supports} "
                "(then add opened_live_on: <date>)",
            )


def welsh_drafts(lib: Library) -> Iterator[Finding]:
    """Welsh a Welsh speaker has not yet signed off: entries and answers, and the chat
    widget's own labels (Exit, the buttons, what screen readers hear)."""
    for item_id in [*lib.entries, *lib.answers]:
        if getattr(lib.item(item_id), "translation_status", None) == "draft":
            yield Finding(WELSH, f"{lib.where(item_id)}: {item_id}")
    if lib.safety_line_cy_status == "draft":
        yield Finding(WELSH, "content/topics.yml: safety_line_cy, the safety line under every Welsh reply")
    if lib.widget_labels and lib.widget_labels.translation_status == "draft":
        yield Finding(
            WELSH,
            f"content/widget_labels.yml: the chat widget's labels in Welsh "
            f"({len(lib.widget_labels.labels)}, Exit among them)",
        )


def hazard_log_gaps(path: Path) -> Iterator[Finding]:
    try:
        hazards = hazard_log.read(path)
    except (OSError, hazard_log.HazardLogError) as exc:
        yield Finding(HAZARDS, f"{path.name}: {exc}")
        return
    for missing in hazard_log.missing_tests(hazards):
        yield Finding(HAZARDS, missing)


# --- production settings ----------------------------------------------------------------------
def origin_problems(origin: Optional[str], where: str) -> List[str]:
    """Why an origin is not the support site's production origin; empty when it is."""
    if not origin or not origin.strip():
        return [f"no CORS origin is set ({where}): set it to the support site's own origin, https://..."]
    origin = origin.strip()
    if origin == "*" or "*" in origin:
        return [
            f"the CORS origin is '{origin}' ({where}): any website could use the bot; give the support site's origin"
        ]
    parsed = urlparse(origin)
    host = (parsed.hostname or "").lower()
    found = []
    if host in LOCAL_HOSTS or host.endswith(".localhost"):
        found.append(f"the CORS origin {origin} ({where}) is the demo site's, on this computer: not production")
    elif "example" in host.split(".") or host.startswith("example-") or ".example-" in host:
        found.append(f"the CORS origin {origin} ({where}) is the placeholder: give the support site's origin")
    if parsed.scheme != "https":
        found.append(f"the CORS origin {origin} ({where}) is not https://: the chat must only be served securely")
    if parsed.path not in ("", "/") or parsed.query or parsed.params:
        found.append(f"the CORS origin {origin} ({where}) has a path: an origin is only https://host[:port]")
    return found


def token_problems(token: Optional[str]) -> List[str]:
    if not token:
        return [
            "RASA_AUTH_TOKEN is not set: run this check with the production token the server is given "
            "(the chart's applicationSettings.token, at install time)"
        ]
    if token.strip().lower() in PLACEHOLDER_TOKENS:
        return [f"RASA_AUTH_TOKEN is a placeholder ('{token}'): use a long random token"]
    if len(token) < MIN_TOKEN:
        return [
            f"RASA_AUTH_TOKEN is {len(token)} characters: use a random token of at least {MIN_TOKEN} "
            "(shorter ones are guessable, and keep /metrics off)"
        ]
    return []


def _placeholders(data: Any, where: str = "") -> Iterator[str]:
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _placeholders(value, f"{where}.{key}" if where else str(key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _placeholders(value, f"{where}[{index}]")
    elif isinstance(data, str) and "CHANGE-ME" in data:
        yield where


def settings(env: Mapping[str, str], helm_values: Optional[Path], lib: Library) -> Iterator[Finding]:
    values: Dict[str, Any] = {}
    if helm_values is not None:
        try:
            values = yaml.safe_load(helm_values.read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError) as exc:
            yield Finding(UNCHECKED, f"the Helm values {helm_values} could not be read: {exc}")
    app = values.get("applicationSettings") or {}
    name = helm_values.name if helm_values else "Helm values"
    for problem in token_problems(env.get("RASA_AUTH_TOKEN")):
        yield Finding(SETTINGS, problem)
    if app.get("token"):
        yield Finding(
            SETTINGS,
            f"{name}: applicationSettings.token is written in the file: give it at install "
            "time (--set applicationSettings.token=...), never in a file kept in git",
        )
    helm_origin = app.get("cors")
    if env.get("SITE_ORIGIN"):
        for problem in origin_problems(env["SITE_ORIGIN"], "SITE_ORIGIN"):
            yield Finding(SETTINGS, problem)
        if helm_origin and helm_origin.strip() != env["SITE_ORIGIN"].strip():
            yield Finding(
                SETTINGS,
                f"SITE_ORIGIN ({env['SITE_ORIGIN']}) and the Helm values' applicationSettings.cors "
                f"({helm_origin}) differ: set both to the support site's origin",
            )
    elif helm_values is not None:
        for problem in origin_problems(helm_origin, f"{name}: applicationSettings.cors"):
            yield Finding(SETTINGS, problem)
    else:
        for problem in origin_problems(None, "SITE_ORIGIN, or the Helm values"):
            yield Finding(SETTINGS, problem)
    for where in _placeholders(values):
        yield Finding(SETTINGS, f"{name}: {where} is still CHANGE-ME")
    if lib.site and lib.site.fictional:
        yield Finding(
            SETTINGS,
            f"content/site.yml: fictional: true, the demo's made-up organisation "
            f"({lib.site.organisation}): set your organisation, home area and helpline",
        )


# --- the whole check ----------------------------------------------------------------------------
def check(
    root: Path = CONTENT_DIR,
    today: Optional[dt.date] = None,
    env: Optional[Mapping[str, str]] = None,
    helm_values: Optional[Path] = HELM_VALUES,
    fact_base: Optional[Path] = None,
    hazard_log_path: Path = hazard_log.HAZARD_LOG,
) -> List[Finding]:
    """Everything that makes going live unsafe; empty when it is ready."""
    today = today or dt.date.today()
    env = os.environ if env is None else env
    try:
        lib = load(root)
    except ContentError as exc:
        return [Finding(UNCHECKED, f"the content does not load: {exc}")]
    found = [*sign_off(lib), *overdue(lib, today)]
    try:
        facts_dir = fact_base or reference_dir()
        why = ""
    except FactBaseError as exc:
        facts_dir, why = None, f" ({exc})"
    if facts_dir is None:
        found.append(
            Finding(
                UNCHECKED,
                "the fact base is not here (../shared/reference beside the checkout, or "
                f"FACT_BASE_DIR){why}, so nothing can say which shown facts are UNCONFIRMED",
            )
        )
    else:
        found += unconfirmed(lib, read_fact_base(facts_dir))
    found += [*not_opened(lib), *welsh_drafts(lib), *hazard_log_gaps(hazard_log_path), *settings(env, helm_values, lib)]
    return found


def report(findings: Sequence[Finding], today: dt.date) -> str:
    if not findings:
        return (
            f"Go-live check, {today:%d %b %Y}: READY. Every entry and answer is signed off as it reads now, "
            "nothing is past its review date, and the production settings are set."
        )
    lines = [
        f"Go-live check, {today:%d %b %Y}: NOT READY. {len(findings)} "
        f"thing{'s' if len(findings) != 1 else ''} to put right before going live."
    ]
    for group in GROUPS:
        mine = [f.what for f in findings if f.group == group]
        if mine:
            lines += ["", f"{group} ({len(mine)}):", *(f"  - {what}" for what in mine)]
    lines += ["", "Put these right, then run `make go-live-check` again (docs/staff-guide.md, section 7)."]
    return "\n".join(lines)


def _date(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def main(argv: Sequence[str] = (), env: Optional[Mapping[str, str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--content", type=Path, default=CONTENT_DIR, help="the content to check (default: content/)")
    parser.add_argument("--today", type=_date, default=None, help="check as of this date (YYYY-MM-DD), e.g. launch day")
    parser.add_argument("--helm-values", type=Path, default=HELM_VALUES, help="the Rasa chart's values file")
    parser.add_argument("--no-helm", action="store_true", help="the bot is not deployed with the Helm chart")
    parser.add_argument(
        "--fact-base",
        type=Path,
        default=None,
        help="the fact base folder (default: FACT_BASE_DIR or ../shared/reference)",
    )
    parser.add_argument("--hazard-log", type=Path, default=hazard_log.HAZARD_LOG)
    args = parser.parse_args(list(argv))
    today = args.today or dt.date.today()
    findings = check(
        args.content, today, env, None if args.no_helm else args.helm_values, args.fact_base, args.hazard_log
    )
    print(report(findings, today))
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
