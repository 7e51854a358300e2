"""The widget in Welsh (issue 14, part 5): the Cymraeg switch, in a real browser, against
the real servers.

With the switch on, the safety bar, Exit (what is written on it and what a screen reader
calls it), the chat's own labels and the greeting and danger answers are Welsh, marked
lang="cy"; every message asks the server for Welsh; the switch leaves no trace and Exit
still works on a phone. Every Welsh word expected here comes from content
(content/widget_labels.yml, content/topics.yml, content/guidance/welsh_*.yml).
"""

from __future__ import annotations

import re
from typing import Any, Dict, Iterator, List

import pytest
from playwright.sync_api import Browser, BrowserContext, Locator, expect

from tests.browser.conftest import (
    AXE,
    LABELS,
    PHONE_360,
    SAFETY_LINE,
    SAFETY_LINE_CY,
    SCREENSHOTS,
    Chat,
    fake_webhook,
    safety_json,
    servers,
)
from tests.browser.test_widget_on_phones import MIN_TARGET, assert_leaves, on_screen_problems

WELSH_HELP = "Mae rhywun yn fy nilyn i, help"  # "Someone is following me, help"
LIVE_FEAR_FREE_CY = "Llinell Gymorth Byw Heb Ofn"


def cy(name: str) -> str:
    return LABELS[name].cy


def en(name: str) -> str:
    return LABELS[name].en


def language_of(target: Locator) -> str:
    """The language a screen reader reads `target` in: the nearest lang attribute."""
    return target.evaluate("e => e.closest('[lang]').getAttribute('lang')")


def written_on(target: Locator) -> str:
    """What is written on a control, without the words only a screen reader hears."""
    return target.evaluate("""e => Array.from(e.childNodes)
      .filter(n => !(n.classList
        && (n.classList.contains('sc-visually-hidden') || n.classList.contains('sc-exit__lights'))))
      .map(n => n.textContent).join('').trim()""")


def assert_chat_labels(chat: Chat, words: Any) -> None:
    """The chat's fixed labels, all in one language (`words` is cy or en)."""
    page = chat.page
    panel = page.locator("[data-chat-panel]")
    expect(panel.locator("#sc-title")).to_have_text(words("title"))
    expect(panel.locator(".sc-panel__note")).to_have_text(words("note"))
    expect(page.get_by_label(words("input_label"), exact=True)).to_have_attribute("placeholder", words("placeholder"))
    expect(panel.get_by_role("button", name=words("send"), exact=True)).to_be_visible()
    expect(panel.get_by_role("button", name=words("close"), exact=True)).to_be_visible()
    expect(panel.locator(".sc-panel__foot")).to_have_text(words("foot"))
    expect(page.get_by_role("log", name=words("conversation"), exact=True)).to_be_attached()
    expect(page.get_by_role("region", name=words("chat_region"), exact=True)).to_be_attached()
    expect(page.locator(".sc-launcher__label")).to_have_text(words("launcher"))


def assert_page_bar(chat: Chat, line: str, exit_name: str, exit_text: str, language: str) -> None:
    """The page's own safety bar: its line, and its Exit as written and as a screen reader hears it."""
    bar = chat.page.locator("[data-safety-bar]")
    expect(bar.locator("[data-safety-line]")).to_have_text(line)
    assert language_of(bar.locator("[data-safety-line]")) == language
    page_exit = bar.locator("[data-exit-button]")
    expect(page_exit).to_have_accessible_name(exit_name)
    assert written_on(page_exit) == exit_text
    assert language_of(page_exit) == language


def assert_welsh_source_line(answer: Locator, reply: List[Dict[str, Any]]) -> None:
    """ "Ffynhonnell: <first source> a 5 arall · adolygwyd <date>", from the sources the server sent."""
    sources = reply[-1]["custom"]["sources"]
    named = LABELS["source_many" if len(sources) > 1 else "source_one"].cy.format(
        name=sources[0]["name"], count=len(sources) - 1
    )
    line = answer.locator("[data-chat-source]")
    expect(line).to_have_text(re.compile("^" + re.escape(LABELS["reviewed"].cy.format(source=named, date="")) + r"\d"))
    assert language_of(line) == "cy"


# ------------------------------------------------------------------------------------
# The switch
# ------------------------------------------------------------------------------------
@servers
def test_the_switch_turns_the_chat_and_the_safety_bar_welsh_and_back(chat: Chat) -> None:
    page = chat.page
    chat.open()
    assert_chat_labels(chat, en)
    assert_page_bar(chat, SAFETY_LINE, en("exit_name"), en("exit"), "en-GB")

    # Cymraeg: the bot greets in Welsh, asked for in Welsh.
    welcome = chat.switch_language("cy")
    assert chat.posts[-1] == {"sender": chat.sender(), "message": "/greet", "language": "cy"}
    assert welcome.get_attribute("lang") == "cy"
    expect(welcome).to_contain_text("Cynorthwyydd awtomatig ydw i")
    assert page.locator("[data-safety-chat]").get_attribute("lang") == "cy"
    assert_chat_labels(chat, cy)
    # The safety bar and the chat's own safety line, with the directory's numbers, in Welsh.
    assert_page_bar(chat, SAFETY_LINE_CY, cy("exit_name"), cy("exit"), "cy")
    assert safety_json(chat.stack)["safety_line_cy"] == SAFETY_LINE_CY
    expect(page.locator("[data-chat-safety-line]")).to_have_text(SAFETY_LINE_CY)
    assert language_of(page.locator("[data-chat-safety-line]")) == "cy"
    expect(page.get_by_role("button", name=en("exit"))).to_have_count(0)  # no Exit left in English
    # Topic buttons stay English (content/topics.yml), marked as such.
    assert language_of(welcome.get_by_role("button").first) == "en"

    # A question typed in Welsh mode asks for Welsh too; an English answer stays marked English.
    reply = chat.ask("what is a stalking prevention order")
    assert chat.posts[-1]["language"] == "cy"
    assert next(m["custom"]["guidance_id"] for m in reply if m.get("custom")) == "protection_orders"
    answer = chat.wait_for_answer("protection_orders")
    assert answer.get_attribute("lang") == "en"
    assert language_of(answer.locator("[data-chat-source]")) == "cy"

    # English again: everything as it was, and no more "cy".
    english = chat.switch_language("en")
    assert chat.posts[-1] == {"sender": chat.sender(), "message": "/greet"}
    assert english.get_attribute("lang") == "en"
    assert page.locator("[data-safety-chat]").get_attribute("lang") is None
    assert_chat_labels(chat, en)
    assert_page_bar(chat, SAFETY_LINE, en("exit_name"), en("exit"), "en-GB")
    expect(page.locator("[data-chat-safety-line]")).to_have_text(SAFETY_LINE)
    chat.ask("what is a stalking prevention order")
    assert "language" not in chat.posts[-1]
    assert not chat.csp_violations(), chat.csp_violations()


@servers
def test_a_message_in_welsh_is_answered_in_welsh_with_live_fear_free(chat: Chat) -> None:
    chat.open()
    chat.switch_language("cy")
    reply = chat.ask(WELSH_HELP)
    assert chat.posts[-1] == {"sender": chat.sender(), "message": WELSH_HELP, "language": "cy"}
    assert {m["custom"]["guidance_id"] for m in reply if m.get("custom")} == {"welsh_safety"}
    answer = chat.wait_for_answer("welsh_safety")
    assert answer.get_attribute("lang") == "cy"
    expect(answer).to_contain_text("Ateb Tawel")
    expect(answer).to_contain_text(LIVE_FEAR_FREE_CY)
    assert_welsh_source_line(answer, reply)


@servers
def test_unreachable_in_welsh_gives_the_welsh_safety_line_first(chat: Chat) -> None:
    chat.open()
    chat.switch_language("cy")
    fake_webhook(
        chat,
        lambda route: route.fulfill(
            status=500, headers={"Access-Control-Allow-Origin": chat.stack.site_url}, body="oops"
        ),
    )
    chat.page.get_by_label(cy("input_label"), exact=True).fill(WELSH_HELP)
    chat.page.keyboard.press("Enter")
    alert = chat.log.locator('[data-alert="unreachable"]').last
    expect(alert).to_contain_text(cy("unreachable"))
    bubbles = alert.locator(".sc-bubble")
    expect(bubbles.nth(1)).to_have_text(SAFETY_LINE_CY)  # after the heading: the Welsh line
    assert bubbles.nth(1).get_attribute("lang") == "cy"
    fallback = safety_json(chat.stack)["fallback"]
    expect(bubbles.nth(2)).to_contain_text(fallback[0])  # then the fuller English fallback, marked English
    assert bubbles.nth(2).get_attribute("lang") == "en"


# ------------------------------------------------------------------------------------
# Exit in Welsh, on a phone
# ------------------------------------------------------------------------------------
@pytest.fixture
def phone(browser: Browser) -> Iterator[BrowserContext]:
    made = PHONE_360.new_context(browser)
    yield made
    made.close()


def open_in_welsh(chat: Chat) -> None:
    start = chat.page.get_by_role("button", name="Start a chat")
    start.scroll_into_view_if_needed()
    chat.press(start)
    chat.wait_for_answer("welcome")
    chat.switch_language("cy")


@servers
def test_exit_in_welsh_is_named_in_welsh_on_screen_and_leaves_on_a_phone(phone: BrowserContext, stack: Any) -> None:
    chat = Chat(phone.new_page(), stack, touch=True).load()
    open_in_welsh(chat)
    chat.ask(WELSH_HELP)
    chat.wait_for_answer("welsh_safety")

    # One Exit for a screen reader (the page's is hidden under the open chat), named in Welsh.
    exits = chat.page.get_by_role("button", name=cy("exit"))
    expect(exits).to_have_count(1)
    exit_control = exits.first
    expect(exit_control).to_have_accessible_name(cy("exit_name"))
    assert written_on(exit_control) == cy("exit")
    assert language_of(exit_control) == "cy"
    problems = on_screen_problems(exit_control, "Exit")
    box = exit_control.bounding_box()
    if box["width"] < MIN_TARGET or box["height"] < MIN_TARGET:
        problems.append(f"Exit's tap target is {box['width']:.1f}x{box['height']:.1f} px")
    problems += on_screen_problems(chat.page.locator("[data-chat-safety-line]"), "the Welsh safety line")
    assert not problems, "\n".join(problems)
    expect(chat.page.locator("[data-chat-safety-line]")).to_have_text(SAFETY_LINE_CY)

    sender = chat.sender()
    assert_leaves(chat, lambda: chat.press(exit_control))
    assert {"sender": sender, "message": "/restart", "language": "cy", "ended_by": "exit"} in chat.posts
    # Nothing remembers the choice: the site opens in English again.
    chat.load()
    assert_page_bar(chat, SAFETY_LINE, en("exit_name"), en("exit"), "en-GB")


# ------------------------------------------------------------------------------------
# Accessibility and how it looks, in Welsh on a phone
# ------------------------------------------------------------------------------------
@servers
def test_axe_finds_no_serious_or_critical_problems_in_welsh_on_a_phone(browser: Browser, stack: Any) -> None:
    if not AXE.exists():
        pytest.fail(f"axe-core is not installed ({AXE} is missing). Run: npm ci --prefix tests/browser")
    context = PHONE_360.new_context(browser, bypass_csp=True)  # axe goes in as an inline script
    try:
        chat = Chat(context.new_page(), stack, touch=True).load()
        open_in_welsh(chat)
        chat.ask(WELSH_HELP)
        chat.wait_for_answer("welsh_safety")
        chat.page.add_script_tag(path=str(AXE))
        results = chat.page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
        serious: List[str] = [
            f"{v['id']} ({v['impact']}): {v['help']} -> {[n['target'] for n in v['nodes']][:5]}"
            for v in results["violations"]
            if v["impact"] in ("serious", "critical")
        ]
        assert not serious, "\n".join(serious)
    finally:
        context.close()


@servers
def test_screenshot_of_the_chat_in_welsh_on_a_phone(phone: BrowserContext, stack: Any) -> None:
    """reports/screenshots/widget-phone-360x740-cy.png: the open chat in Welsh, with its Welsh
    safety line, Exit, switch and labels in view (docs/widget-phone-360-cy.png is a copy)."""
    chat = Chat(phone.new_page(), stack, touch=True).load()
    open_in_welsh(chat)
    chat.ask(WELSH_HELP)
    chat.wait_for_answer("welsh_safety")
    page = chat.page
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "widget-phone-360x740-cy.png"))
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_360.width, "the page scrolls sideways"
    needed = (
        page.locator("[data-chat-safety-line]"),
        page.get_by_role("button", name=cy("exit")),
        page.get_by_role("button", name=en("language_name"), exact=True),
        page.get_by_label(cy("input_label"), exact=True),
        page.get_by_role("button", name=cy("send"), exact=True),
        page.get_by_role("button", name=cy("close"), exact=True),
    )
    for element in needed:
        expect(element).to_be_in_viewport(ratio=1)
