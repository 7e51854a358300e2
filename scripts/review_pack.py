"""The review pack: every entry and answer as a user sees it, for the service's sign-off.

    python -m scripts.review_pack [--out reports] [--no-pdf]

Writes reports/review-pack.html and prints it to reports/review-pack.pdf with Debian's
Chromium. Grouped by topic (answers under their topic), with a contents list. Each item
shows its sources, review dates, the tests that guard it (from the hazard log), its
content hash and sign-off state, every version a user can be shown (each distinct
rendering once, with the conversations that give it), and a box to sign on paper.
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any, Dict, List, Sequence

from safety.content import Library, library
from safety.content.review import CHANGED, SIGNED, Rendering, describe, renderings, shown_sources, topics, what_is_seen
from scripts import hazard_log

ROOT = Path(__file__).resolve().parent.parent
REPORTS = ROOT / "reports"
CHROMIUM = ("chromium", "/usr/bin/chromium", "chromium-browser")


def esc(text: Any) -> str:
    return html.escape(str(text), quote=True)


def nice_date(day: dt.date) -> str:
    """As the widget shows it: 29 Nov 2026."""
    return f"{day.day} {day:%b %Y}"


def spaced(content_hash: str) -> str:
    return " ".join(re.findall(".{1,4}", content_hash))


# --- one item ------------------------------------------------------------------------------
def source_line(custom: Dict[str, Any]) -> str:
    """The line the widget shows under an answer."""
    sources = [s for s in custom.get("sources", []) if s.get("name")]
    if not sources:
        return ""
    line = f"Source: {sources[0]['name']}" + (f" and {len(sources) - 1} more" if len(sources) > 1 else "")
    if custom.get("reviewed_on"):
        line += f" · reviewed {nice_date(dt.date.fromisoformat(custom['reviewed_on']))}"
    return line


def chat(messages: List[Dict[str, Any]]) -> str:
    """Bubbles, the source line and the buttons, in the widget's order."""
    parts = ['<div class="chat">']
    sourced = False
    for message in messages:
        parts.append(f'<p class="bubble">{esc(message.get("text", ""))}</p>')
        custom = message.get("custom") or {}
        last_part = not custom or custom.get("part", 1) == custom.get("parts", 1)
        if custom and last_part and not sourced and source_line(custom):
            parts.append(f'<p class="source">{esc(source_line(custom))}</p>')
            sourced = True
        buttons = message.get("buttons") or []
        if buttons:
            parts.append(
                '<div class="buttons">'
                + "".join(f'<span class="button">{esc(b["title"])}</span>' for b in buttons)
                + "</div>"
            )
    parts.append("</div>")
    return "".join(parts)


def versions(found: Sequence[Rendering]) -> List[Dict[str, Any]]:
    """Each distinct thing a user can see, once, with the conversations that give it."""
    groups: Dict[str, Dict[str, Any]] = {}
    for rendering in found:
        seen = [(m["text"], m["buttons"]) for m in what_is_seen(rendering)]
        shown = [source_line(m.get("custom") or {}) for m in rendering.messages]
        key = json.dumps([seen, shown], sort_keys=True, default=str)
        groups.setdefault(key, {"messages": rendering.messages, "contexts": []})["contexts"].append(rendering.context)
    every = [r.context for r in found]
    return [dict(group, when=describe(group["contexts"], every)) for group in groups.values()]


def sign_off_words(lib: Library, item_id: str) -> str:
    item = lib.item(item_id)
    state = lib.sign_off_state(item_id)
    if state == SIGNED:
        return f'<span class="ok">Signed off</span> by {esc(item.signed_off_by)} on {nice_date(item.signed_off_on)}'
    if state == CHANGED:
        return (
            f'<span class="warn">Changed since it was signed off</span> by {esc(item.signed_off_by)} on '
            f"{nice_date(item.signed_off_on)} (signed hash {esc(spaced(item.signed_off_hash))}): read it again"
        )
    return '<span class="warn">Not signed off yet</span>'


def sources_list(lib: Library, ids: Sequence[str]) -> str:
    return (
        '<ul class="sources">'
        + "".join(
            f'<li>{esc(lib.register[s].name)}: <a href="{esc(lib.register[s].url)}">{esc(lib.register[s].url)}</a></li>'
            for s in ids
        )
        + "</ul>"
    )


def tests_list(hazards: Sequence[hazard_log.Hazard]) -> str:
    """Each hazard about the item with its tests' names (their files are in the hazards table)."""
    if not hazards:
        return "No hazard in the log is about this item; the content checks in <code>make test</code> still cover it."
    return "".join(
        f'<p class="hazard"><b>{esc(h.id)}</b> {esc(h.title)}: '
        + " · ".join(
            f"<code>{esc(t.name or t.text)}</code>{'' if t.found else ' <span class=warn>(not found)</span>'}"
            for t in h.tests
        )
        + "</p>"
        for h in hazards
    )


def item_html(lib: Library, item_id: str, topic_title: str, guards: Sequence[hazard_log.Hazard], today: dt.date) -> str:
    item = lib.item(item_id)
    is_answer = item_id in lib.answers
    title = lib.fill(item.question if is_answer else item.title)
    where = lib.where(item_id)
    kind = f"Short answer under {esc(topic_title)}" if is_answer else "Guidance entry"
    own = list(item.sources)
    extra = [s for s in shown_sources(lib, item_id) if s not in own]
    due = f"{nice_date(item.review_due)}" + (
        ' <span class="warn">(past its review date)</span>' if item.review_due < today else ""
    )
    found = versions(renderings(lib, item_id))
    content_hash = lib.content_hash(item_id)
    rows = [
        ("Reviewed", f"{nice_date(item.reviewed_on)}, by {esc(item.reviewed_by)}. Next review due {due}"),
        ("Sources", sources_list(lib, own)),
    ]
    if extra:
        rows.append(("Sources of the services and numbers it shows", sources_list(lib, extra)))
    rows += [
        (
            "Tests that guard it",
            tests_list(guards) + '<p class="hazard">Their files: the hazards table at the end.</p>'
            if guards
            else tests_list(guards),
        ),
        ("Content hash", f'<span class="hash">{esc(spaced(content_hash))}</span>'),
        ("Sign-off", sign_off_words(lib, item_id)),
    ]
    facts = "".join(f"<tr><th>{name}</th><td>{value}</td></tr>" for name, value in rows)
    shown = []
    for number, version in enumerate(found, start=1):
        label = f"Version {number} of {len(found)}" if len(found) > 1 else "The only version"
        if version["when"] == ["Always"]:
            when = f'<p class="when"><b>{label}.</b> Shown to everyone.</p>'
        else:
            lines = "".join(f"<li>{esc(line)}</li>" for line in version["when"])
            when = f'<p class="when"><b>{label}.</b> Shown when:</p><ul class="when">{lines}</ul>'
        shown.append(f'<div class="version">{when}{chat(version["messages"])}</div>')
    box = (
        f'<div class="signoff"><p><b>Sign-off for {esc(item_id)}</b>, content hash '
        f'<span class="hash">{esc(spaced(content_hash))}</span></p>'
        '<p class="ticks"><span class="tick"></span> Approved as written'
        '<span class="tick"></span> Needs changes (note them below)</p>'
        '<div class="lines"><span>Role</span><span>Date</span><span>Signature</span></div>'
        '<div class="lines notes"><span>Notes</span></div></div>'
    )
    return (
        f'<article class="item" id="item-{esc(item_id)}"><h3>{esc(title)}</h3>'
        f'<p class="kind">{kind} · <code>{esc(item_id)}</code> · <code>{esc(where)}</code></p>'
        f'<table class="facts">{facts}</table>'
        f"<h4>How a user sees it ({len(found)} version{'s' if len(found) != 1 else ''})</h4>"
        f"{''.join(shown)}{box}</article>"
    )


# --- the pack ------------------------------------------------------------------------------
def git_version() -> str:
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout.strip()
        edited = subprocess.run(
            ["git", "status", "--porcelain", "--", "content"], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "not in git"
    return commit + (" with uncommitted changes to content/" if edited else "")


def build(lib: Library, hazards: Sequence[hazard_log.Hazard], today: dt.date, version: str) -> str:
    """The whole pack as one HTML page."""
    groups = topics(lib)
    guards = hazard_log.guarding(lib, list(hazards))
    ids = [i for t in groups for i in t.items]
    states = [lib.sign_off_state(i) for i in ids]
    organisation = esc(lib.site.organisation) if lib.site else ""
    summary = (
        f"{len(lib.entries)} guidance entries and {len(lib.answers)} short answers; "
        f"{sum(s == SIGNED for s in states)} signed off, {sum(s == CHANGED for s in states)} changed since "
        f"sign-off, {sum(s not in (SIGNED, CHANGED) for s in states)} not signed off yet."
    )
    contents = "".join(
        f'<li><a href="#topic-{esc(t.id)}">{esc(t.title)}</a><ol class="items">'
        + "".join(f'<li><a href="#item-{esc(i)}">{esc(_short_title(lib, i))}</a></li>' for i in t.items)
        + "</ol></li>"
        for t in groups
    )
    hazard_rows = "".join(
        f"<tr><td><b>{esc(h.id)}</b> {esc(h.title)}</td><td>{esc(h.content)} "
        f'({sum(h in guards[i] for i in ids)} items)</td><td><ul class="tests">'
        + "".join(f"<li>{_test_ref(t)}</li>" for t in h.tests)
        + "</ul></td></tr>"
        for h in hazards
    )
    sections = []
    for topic in groups:
        items = "".join(item_html(lib, i, topic.title, guards[i], today) for i in topic.items)
        sections.append(
            f'<section class="topic" id="topic-{esc(topic.id)}"><h2>{esc(topic.title)}</h2>{items}</section>'
        )
    return f"""<!doctype html>
<html lang="en-GB"><head><meta charset="utf-8"><title>Review pack: the safety assistant's wording</title>
<style>{CSS}</style></head><body>
<section class="cover">
<h1>Review pack: what the safety assistant says</h1>
<p class="lead">For the sign-off of every answer before the assistant goes live{f" on the website of {organisation}" if organisation else ""}.</p>
<table class="facts">
<tr><th>Made on</th><td>{nice_date(today)}</td></tr>
<tr><th>Content version</th><td><code>{esc(version)}</code></td></tr>
<tr><th>In this pack</th><td>{summary}</td></tr>
</table>
<h2 class="plain">How to read it</h2>
<ul>
<li>Topics come in the order of the assistant's menu; each topic's main entry comes first, then its short answers.</li>
<li>Each item shows every version a user can be shown, exactly as the chat shows it: the words with the
services' numbers filled in, the line naming the source, and the buttons. Under "Shown when" is what the
conversation knows that gives that version (where the person is, who is doing it, their answers to the
stalking check). A version with no conditions is shown to everyone.</li>
<li>Check every sentence against its sources. The tests named under each item run on every change and stop
a release when they fail; the hazard log (<code>docs/safety-case.md</code>) explains each hazard.</li>
<li>Sign the box under each item, or note the changes it needs. The content hash in the box identifies
exactly the wording you read: if the wording, a number it shows, a button or a source changes, the hash
changes and the item needs signing again.</li>
<li>Record a signed item with <code>make sign-off ITEM=&lt;id&gt; ROLE="Safeguarding lead" HASH=&lt;hash&gt;</code>
(the staff guide, section 7, says more).</li>
</ul>
</section>
<nav class="contents"><h2>Contents</h2><ol class="topics">{contents}<li><a href="#hazards">The hazards and the tests that guard them</a></li></ol></nav>
{"".join(sections)}
<section class="topic" id="hazards"><h2>The hazards and the tests that guard them</h2>
<p>From the hazard log, <code>docs/safety-case.md</code>. Which items each hazard is about is a rule in
<code>scripts/hazard_log.py</code>.</p>
<table class="hazards"><tr><th>Hazard</th><th>Which content</th><th>Tests</th></tr>{hazard_rows}</table></section>
</body></html>
"""  # noqa: E501 (the page's HTML, a tag or a paragraph a line)


def _test_ref(test: hazard_log.TestRef) -> str:
    """A test's file, then its name on a line of its own; flagged when it is not there."""
    text = (
        f"<code>{esc(test.path)}</code><br><code>::{esc(test.name)}</code>"
        if test.name
        else f"<code>{esc(test.text)}</code>"
    )
    return text + ("" if test.found else " <span class=warn>(not found)</span>")


def _short_title(lib: Library, item_id: str) -> str:
    item = lib.item(item_id)
    return lib.fill(item.question if item_id in lib.answers else item.title)


CSS = """
@page { size: A4; margin: 16mm 15mm 17mm 15mm;
  @bottom-left { content: "Review pack: what the safety assistant says"; font: 8pt "Liberation Sans", Arial, sans-serif; color: #555; }
  @bottom-right { content: "Page " counter(page) " of " counter(pages); font: 8pt "Liberation Sans", Arial, sans-serif; color: #555; } }
* { box-sizing: border-box; }
body { font-family: "Liberation Sans", Arial, "DejaVu Sans", sans-serif; font-size: 10.5pt; line-height: 1.4; color: #1c1b33; margin: 0; }
h1 { font-size: 22pt; margin: 0 0 4mm; color: #4b2e6f; }
h2 { font-size: 16pt; color: #4b2e6f; border-bottom: 2px solid #4b2e6f; padding-bottom: 1mm; margin: 0 0 4mm; }
h2.plain { border: 0; font-size: 13pt; margin-top: 6mm; }
h3 { font-size: 13pt; margin: 0 0 1mm; break-after: avoid; }
h4 { font-size: 10.5pt; margin: 3mm 0 1.5mm; break-after: avoid; }
code { font-family: "Liberation Mono", "DejaVu Sans Mono", monospace; font-size: 8.5pt; overflow-wrap: anywhere; }
a { color: #4b2e6f; overflow-wrap: anywhere; }
.lead { font-size: 12pt; }
.cover { break-after: page; }
.contents { break-after: page; }
.contents ol.topics { padding-left: 5mm; }
.contents ol.topics > li { margin-top: 2mm; font-weight: bold; break-inside: avoid; }
.contents ol.items { columns: 2; column-gap: 8mm; font-weight: normal; font-size: 9pt; padding-left: 5mm; }
.contents ol.items li { break-inside: avoid; }
.topic { break-before: page; }
.item { border-top: 1px solid #b9b2c9; padding-top: 3mm; margin-top: 5mm; }
.topic > .item:first-of-type { border-top: 0; margin-top: 0; }
.kind { font-size: 9pt; color: #4a4662; margin: 0 0 2mm; break-after: avoid; }
table.facts { border-collapse: collapse; width: 100%; font-size: 9.5pt; margin-bottom: 1mm; }
table.facts th { text-align: left; vertical-align: top; width: 30mm; padding: 1mm 2mm 1mm 0; color: #4a4662; font-weight: bold; }
table.facts td { padding: 1mm 0; vertical-align: top; }
ul.sources, ul.tests { margin: 0; padding-left: 4mm; }
ul.sources li { margin-bottom: 0.5mm; }
ul.tests li { margin: 0 0 1mm; }
p.hazard { margin: 0 0 1mm; font-size: 9pt; }
p.hazard code { font-size: 8pt; }
.hash { font-family: "Liberation Mono", "DejaVu Sans Mono", monospace; font-weight: bold; letter-spacing: 0.3pt; }
.ok { color: #0c6660; font-weight: bold; }
.warn { color: #b0241b; font-weight: bold; }
.version { break-inside: avoid; margin: 0 0 3mm; padding: 2mm 3mm; border-left: 3px solid #d8d0e6; }
p.when { margin: 0; font-size: 9pt; }
ul.when { margin: 0 0 1.5mm; padding-left: 5mm; font-size: 9pt; color: #4a4662; }
.chat { max-width: 150mm; }
.bubble { white-space: pre-line; background: #f1edf7; border: 1px solid #d8d0e6; border-radius: 10px 10px 10px 3px;
  padding: 2mm 3mm; margin: 0 0 1.5mm; font-size: 10.5pt; }
.source { font-size: 8.5pt; color: #4a4662; margin: 0 0 1.5mm 1mm; }
.buttons { display: flex; flex-wrap: wrap; gap: 1.5mm; margin: 0 0 1mm; }
.button { border: 1.5px solid #4b2e6f; border-radius: 20px; padding: 0.8mm 3mm; color: #4b2e6f; font-weight: bold; font-size: 9pt; }
.signoff { break-inside: avoid; border: 1.5px solid #1c1b33; padding: 2.5mm 3mm 3mm; margin-top: 3mm; font-size: 9.5pt; }
.signoff p { margin: 0 0 2mm; }
.ticks .tick { display: inline-block; width: 3.5mm; height: 3.5mm; border: 1px solid #1c1b33; margin: 0 1.5mm -0.6mm 0; }
.ticks .tick + .tick, .ticks .tick ~ .tick { margin-left: 8mm; }
.lines { display: flex; gap: 5mm; margin-top: 5mm; }
.lines span { flex: 1; border-top: 1px solid #1c1b33; padding-top: 0.5mm; font-size: 8.5pt; color: #4a4662; }
.lines.notes { margin-top: 7mm; }
table.hazards { border-collapse: collapse; width: 100%; font-size: 9pt; }
table.hazards th, table.hazards td { border: 1px solid #b9b2c9; padding: 1.5mm; vertical-align: top; text-align: left; }
table.hazards td:first-child { width: 35mm; }
table.hazards td:nth-child(2) { width: 45mm; }
table.hazards tr { break-inside: avoid; }
@media screen { body { max-width: 190mm; margin: 10mm auto; } }
"""  # noqa: E501 (a CSS rule a line, as the stylesheet is read)


# --- the PDF -------------------------------------------------------------------------------
def chromium() -> str:
    for name in CHROMIUM:
        found = shutil.which(name) or (name if Path(name).is_file() else None)
        if found:
            return found
    raise SystemExit("error: the PDF needs Debian's chromium: run `make system-deps`, or use --no-pdf")


def print_pdf(html_path: Path, pdf_path: Path, timeout: float = 600) -> None:
    """Print the page with Chromium headless, with the page's own footer (page numbers)."""
    with tempfile.TemporaryDirectory(prefix="review-pack-chromium-") as profile:
        argv = [
            chromium(),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            f"--user-data-dir={profile}",
            "--no-pdf-header-footer",
            "--print-to-pdf-no-header",
            f"--print-to-pdf={pdf_path}",
            html_path.resolve().as_uri(),
        ]
        done = subprocess.run(argv, capture_output=True, text=True, timeout=timeout)
    if done.returncode != 0 or not pdf_path.is_file() or pdf_path.stat().st_size == 0:
        raise SystemExit(f"error: chromium could not print the pack ({done.returncode}): {done.stderr[-500:]}")


def page_count(pdf_path: Path) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![a-z])", pdf_path.read_bytes()))


def main(argv: Sequence[str] = ()) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=REPORTS, help="where to write review-pack.html and .pdf")
    parser.add_argument("--no-pdf", action="store_true", help="write the HTML only")
    args = parser.parse_args(list(argv))
    lib = library()
    page = build(lib, hazard_log.read(), dt.date.today(), git_version())
    args.out.mkdir(parents=True, exist_ok=True)
    html_path = args.out / "review-pack.html"
    html_path.write_text(page, encoding="utf-8")
    print(f"wrote {html_path}")
    if not args.no_pdf:
        pdf_path = args.out / "review-pack.pdf"
        print_pdf(html_path, pdf_path)
        print(f"wrote {pdf_path} ({page_count(pdf_path)} pages)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
