"""The chat widget and the demo support page, in a real browser, against the real servers.

The `stack` fixture (tests/conftest.py) starts the action server, Rasa and the demo site;
tests/browser/conftest.py holds the page object (`Chat`) and Chromium. The quick exit on
phones, however the chat was opened, is in test_widget_on_phones.py.

Every check is about what a person sees or what is left behind on their device: the
guidance and its source, the 999 safety information when the bot is down, an empty
browser after the chat, and an "Exit this page" that leaves no way back.

Tests marked `servers` need the running stack; the static checks of web/ at the end of
this file don't, so `make test-unit` (-m "not servers") runs those too.
"""

from __future__ import annotations

import contextlib
import json
import re
import time
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, Locator, Page, expect

from safety.content import LONG_PHONE, library
from safety.content.factbase import reference_dir
from tests.browser.conftest import (
    ASK_SILENT_CALL,
    AXE,
    EMERGENCY,
    KEY_PRESS,
    NEUTRAL,
    ROOT,
    SAFETY_LINE,
    SCREENS,
    SCREENSHOTS,
    UNREACHABLE,
    WEB,
    Chat,
    Screen,
    expected_source_line,
    fake_webhook,
    safety_json,
    servers,
    what_the_bot_said,
)
from tests.conftest import new_sender, say

# ------------------------------------------------------------------------------------
# Asking questions
# ------------------------------------------------------------------------------------
QUESTIONS = [
    (ASK_SILENT_CALL, "silent_solution", [f"Press {KEY_PRESS}", "does not send police"]),
    (
        "is it stalking if he keeps turning up at my work",
        "recognising_stalking",
        ["Fixated, Obsessive, Unwanted and Repeated"],
    ),
    ("what is a stalking prevention order", "protection_orders", ["Stalking Protection Order"]),
]


@servers
def test_typed_questions_get_their_guidance_with_its_source(chat: Chat) -> None:
    chat.open()
    for question, guidance_id, phrases in QUESTIONS:
        reply = chat.ask(question)
        served = [m["custom"]["guidance_id"] for m in reply if m.get("custom")]
        assert guidance_id in served, f"{question!r}: the bot served {served}"

        expect(chat.user_messages().last).to_have_text(f"You: {question}")
        answer = chat.wait_for_answer(guidance_id)
        for phrase in phrases:
            expect(answer).to_contain_text(phrase)
        # One answer: every part in one group, and the source line once, under the last part.
        parts = [m for m in reply if (m.get("custom") or {}).get("guidance_id") == guidance_id]
        expect(answer.locator(".sc-bubble")).to_have_count(len(parts))
        source = answer.locator("[data-chat-source]")
        expect(source).to_have_count(1)
        expect(source).to_have_text(expected_source_line(guidance_id, parts[-1]["custom"]))
        order = answer.evaluate(
            "g => Array.from(g.children)"
            ".map(c => c.matches('[data-chat-source]') ? 'source' : c.matches('.sc-bubble') ? 'text' : 'buttons')"
        )
        assert order.index("source") == len(parts), f"source line not under the last part: {order}"
        # Sources are named, not linked.
        expect(source.locator("a")).to_have_count(0)
    assert not chat.csp_violations(), chat.csp_violations()


@servers
def test_a_topic_button_sends_its_payload_and_shows_its_title(chat: Chat, stack: Any) -> None:
    welcome = chat.open()
    welcome.get_by_role("button", name="Protection orders").click()

    expect(chat.user_messages().last).to_have_text("You: Protection orders")
    answer = chat.wait_for_answer("protection_orders")
    expect(answer).to_contain_text("Stalking Protection Order")
    assert chat.posts[-1]["message"] == "/protection_order"

    # The latest answer's buttons work too; this one's reply names a web address.
    answer.get_by_role("button", name="Talk to a person").click()
    expect(chat.user_messages().last).to_have_text("You: Talk to a person")
    talk = chat.wait_for_answer("talk_to_someone")
    allowed = safety_json(stack)["links"]
    links = talk.locator("a")
    expect(links.first).to_be_visible()
    for index in range(links.count()):
        link = links.nth(index)
        assert link.get_attribute("href") in allowed
        assert link.get_attribute("rel") == "noopener noreferrer"
        assert link.get_attribute("target") == "_blank"
    # Phone numbers stay text: nothing in the chat but the listed addresses is a link.
    hrefs = chat.log.locator("a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert set(hrefs) <= set(allowed), hrefs


@servers
def test_only_listed_addresses_become_links_and_markup_stays_text(chat: Chat) -> None:
    text = (
        "Visit www.suzylamplugh.org. Not https://evil.example.com, not www.suzylamplugh.org.uk, "
        'not https://www.suzylamplugh.org/stalking/ <b>bold</b> <a href="https://evil.example.com">x</a>'
    )
    body = json.dumps([{"recipient_id": "x", "text": text}])
    fake_webhook(
        chat,
        lambda route: route.fulfill(
            status=200,
            headers={"Access-Control-Allow-Origin": chat.stack.site_url},
            content_type="application/json",
            body=body,
        ),
    )
    chat.launcher.click()

    bubble = chat.log.locator('[data-role="bot"] .sc-bubble').first
    expect(bubble).to_have_text(
        "Assistant: " + text.replace("www.suzylamplugh.org.", "www.suzylamplugh.org (opens in a new tab).", 1)
    )
    links = bubble.locator("a")
    expect(links).to_have_count(1)
    expect(links).to_have_attribute("href", "https://www.suzylamplugh.org")
    expect(bubble.locator("b")).to_have_count(0)


@servers
def test_typed_markup_is_shown_as_text_and_never_runs(chat: Chat) -> None:
    chat.open()
    attack = '<img src=x onerror="window.pwned=1">'
    chat.ask(attack)
    expect(chat.user_messages().last).to_have_text(f"You: {attack}")
    expect(chat.log.locator('[data-role="bot"]')).to_have_count(2)  # the welcome, then the reply
    expect(chat.log.locator("img")).to_have_count(0)
    assert chat.page.evaluate("typeof window.pwned") == "undefined"


# ------------------------------------------------------------------------------------
# Nothing left behind
# ------------------------------------------------------------------------------------
@servers
def test_nothing_is_kept_in_the_browser_and_a_reload_starts_afresh(
    chat: Chat, context: BrowserContext, stack: Any
) -> None:
    chat.open()
    chat.ask(ASK_SILENT_CALL)
    chat.wait_for_answer("silent_solution")
    first = chat.sender()
    chat.switch_language("cy")  # the Cymraeg switch is remembered nowhere either

    kept = chat.page.evaluate("""async () => ({
        localStorage: localStorage.length,
        sessionStorage: sessionStorage.length,
        cookie: document.cookie,
        indexedDB: (await indexedDB.databases()).length,
        caches: (await caches.keys()).length,
        url: location.href,
    })""")
    assert kept == {
        "localStorage": 0,
        "sessionStorage": 0,
        "cookie": "",
        "indexedDB": 0,
        "caches": 0,
        "url": stack.site_url + "/",
    }
    assert context.cookies() == []

    chat.page.reload()
    chat.language = "en"
    expect(chat.launcher).to_be_visible()  # in English: the reload forgot the switch
    expect(chat.page.locator("[data-safety-line]")).to_have_text(SAFETY_LINE)
    expect(chat.page.locator("[data-chat-panel]")).to_be_hidden()
    expect(chat.log.locator("[data-role]")).to_have_count(0)
    chat.open()
    expect(chat.log.locator("[data-role]")).to_have_count(1)  # the welcome only
    expect(chat.log).not_to_contain_text(f"Press {KEY_PRESS}")
    assert chat.posts[-1]["sender"] != first, "a reload must start a new conversation"
    assert "language" not in chat.posts[-1], "a reload must start in English"


@servers
def test_the_page_makes_no_third_party_requests(chat: Chat, stack: Any) -> None:
    chat.open()
    chat.ask("what is a stalking prevention order")
    chat.wait_for_answer("protection_orders")
    allowed = {urlsplit(stack.site_url).netloc, urlsplit(stack.webhook()).netloc}
    elsewhere = [url for url in chat.requests if urlsplit(url).netloc not in allowed]
    assert not elsewhere, elsewhere
    assert not chat.csp_violations(), chat.csp_violations()


# ------------------------------------------------------------------------------------
# Exit this page
# ------------------------------------------------------------------------------------
def press_shift_three_times(page: Page) -> None:
    for _ in range(3):
        page.keyboard.press("Shift")


EXITS: Dict[str, Callable[[Chat], None]] = {
    "button": lambda chat: chat.exit_button.click(),
    "shift x3": lambda chat: press_shift_three_times(chat.page),
    "escape": lambda chat: chat.page.keyboard.press("Escape"),
}


@servers
@pytest.mark.parametrize("how", list(EXITS))
def test_exit_this_page_blanks_the_page_at_once(chat: Chat, how: str) -> None:
    chat.open()
    chat.ask(ASK_SILENT_CALL)
    chat.wait_for_answer("silent_solution")
    sender = chat.sender()

    # The moment exit fires, before the next page arrives, the chat page is already blank.
    seen = chat.on_screen_as_exit_fires(lambda: EXITS[how](chat))
    assert seen == {"exiting": True, "elements": 0, "text": ""}, seen
    # The server was told to forget the conversation.
    assert {"sender": sender, "message": "/restart", "ended_by": "exit"} in chat.posts


@servers
@pytest.mark.parametrize("how", list(EXITS))
def test_exit_this_page_leaves_and_back_does_not_return(chat: Chat, stack: Any, how: str) -> None:
    chat.open()
    chat.ask(ASK_SILENT_CALL)
    chat.wait_for_answer("silent_solution")

    EXITS[how](chat)

    chat.page.wait_for_url(stack.site_url + NEUTRAL)
    expect(chat.page.get_by_role("heading", name="Weather forecast")).to_be_visible()
    # The chat page was replaced in the history: Back can't bring it back.
    chat.page.go_back()
    assert chat.page.url != stack.site_url + "/", "Back returned to the chat page"
    expect(chat.page.locator("[data-chat-log]")).to_have_count(0)
    expect(chat.page.get_by_text(f"Press {KEY_PRESS}")).to_have_count(0)


@servers
def test_shift_counts_only_when_pressed_alone(chat: Chat, stack: Any) -> None:
    chat.open()
    chat.input.focus()
    for _ in range(3):
        chat.page.keyboard.press("Shift+KeyH")  # capitals: Shift held with another key
    chat.page.keyboard.press("Shift")
    chat.page.keyboard.press("Shift")
    chat.page.keyboard.press("KeyA")  # another key in between starts the count again
    chat.page.keyboard.press("Shift")
    chat.page.wait_for_timeout(500)
    assert chat.page.url == stack.site_url + "/"
    expect(chat.input).to_have_value("HHHa")


def start_check_and_leave(chat: Chat, stack: Any, leave: Callable[[Chat], None]) -> None:
    """Start the stalking check in the widget, leave the page, then ask the server.

    The signal: the check is waiting for an answer. A conversation left there carries on
    with the check's next question; a forgotten one answers "/affirm" like a new one.
    """
    welcome = chat.open()
    welcome.get_by_role("button", name="Take the stalking check").click()
    expect(chat.log.locator('[data-role="bot"]').last).to_contain_text("What has been happening", ignore_case=True)
    sender = chat.sender()

    control = new_sender()
    say(stack, control, "/start_stalking_check")
    carried_on = what_the_bot_said(say(stack, control, "/affirm"))
    fresh = what_the_bot_said(say(stack, new_sender(), "/affirm"))
    assert carried_on != fresh, "the check should tell a continued conversation from a new one"
    say(stack, control, "/restart")

    leave(chat)
    # The widget sends /restart with keepalive as the page goes; give the server a moment.
    time.sleep(2)
    assert what_the_bot_said(say(stack, sender, "/affirm")) == fresh, "the conversation outlived the page"
    say(stack, sender, "/restart")


@servers
def test_exit_ends_the_conversation_on_the_server(chat: Chat, stack: Any) -> None:
    def leave(chat: Chat) -> None:
        chat.exit_button.click()
        chat.page.wait_for_url(stack.site_url + NEUTRAL)
        assert {"sender": chat.sender(), "message": "/restart", "ended_by": "exit"} in chat.posts

    start_check_and_leave(chat, stack, leave)


@servers
def test_a_reload_also_ends_the_conversation_on_the_server(chat: Chat, stack: Any) -> None:
    def leave(chat: Chat) -> None:
        chat.page.reload()
        expect(chat.launcher).to_be_visible()

    start_check_and_leave(chat, stack, leave)


# ------------------------------------------------------------------------------------
# When the bot can't be reached
# ------------------------------------------------------------------------------------
def expect_safety_fallback(chat: Chat, fallback: Optional[List[str]] = None) -> Locator:
    alert = chat.log.locator('[data-alert="unreachable"]').last
    expect(alert).to_be_visible()
    expect(alert).to_contain_text(UNREACHABLE)
    for text in fallback or []:
        expect(alert).to_contain_text(text)
    return alert


@servers
def test_with_rasa_stopped_the_static_safety_information_is_shown(chat: Chat, stack: Any) -> None:
    chat.open()
    fallback = safety_json(stack)["fallback"]
    stack.stop("rasa")
    try:
        chat.input.fill("is it stalking if he keeps turning up at my work")
        chat.input.press("Enter")
        alert = expect_safety_fallback(chat, fallback)
        for needed in (EMERGENCY, KEY_PRESS, "National Stalking Helpline"):
            expect(alert).to_contain_text(needed)
        # Styled as an alert: a strong left border in the exit red.
        border = alert.locator(".sc-bubble").first.evaluate("b => getComputedStyle(b).borderLeftWidth")
        assert float(border.rstrip("px")) >= 4
    finally:
        stack.start_one("rasa")


@servers
def test_a_server_error_shows_the_static_safety_information(chat: Chat, stack: Any) -> None:
    fake_webhook(
        chat,
        lambda route: route.fulfill(status=500, headers={"Access-Control-Allow-Origin": stack.site_url}, body="oops"),
    )
    chat.launcher.click()
    expect_safety_fallback(chat, safety_json(stack)["fallback"])


@servers
def test_a_reply_that_never_comes_times_out_into_the_safety_information(chat: Chat, stack: Any) -> None:
    held: List[Any] = []
    fake_webhook(chat, held.append)  # never answered
    started = time.monotonic()
    chat.launcher.click()
    expect(chat.page.locator("[data-chat-typing] .sc-typing__bubble")).to_be_visible()
    expect_safety_fallback(chat, safety_json(stack)["fallback"])
    waited = time.monotonic() - started
    assert 6 <= waited <= 15, f"the widget gave up after {waited:.1f} s; expected about 8"
    expect(chat.page.locator("[data-chat-typing] .sc-typing__bubble")).to_be_hidden()
    for route in held:  # the widget has given up on these; let them go
        with contextlib.suppress(Exception):
            route.abort()


@servers
def test_without_safety_json_the_error_still_shows_the_pages_safety_line(context: BrowserContext, stack: Any) -> None:
    page = context.new_page()
    page.route(f"{stack.site_url}/widget/safety.json", lambda route: route.fulfill(status=503, body=""))
    page.route(stack.webhook(), lambda route: route.abort())
    chat = Chat(page, stack).load()
    chat.launcher.click()
    expect_safety_fallback(chat, [SAFETY_LINE])


# ------------------------------------------------------------------------------------
# The page itself, keyboard use, motion, accessibility and how it looks
# ------------------------------------------------------------------------------------
@servers
def test_safety_line_and_exit_are_always_on_screen(chat: Chat, stack: Any) -> None:
    line = chat.page.locator("[data-safety-line]")
    expect(line).to_have_text(safety_json(stack)["safety_line"])
    expect(line).to_have_text(SAFETY_LINE)
    expect(line).to_be_in_viewport()
    expect(chat.exit_button).to_be_in_viewport()
    chat.page.mouse.wheel(0, 2000)
    chat.page.wait_for_function("window.scrollY > 300")
    expect(line).to_be_in_viewport()
    expect(chat.exit_button).to_be_in_viewport()
    assert chat.exit_button.bounding_box()["y"] < 80


@servers
def test_everything_works_from_the_keyboard(chat: Chat) -> None:
    page = chat.page
    page.keyboard.press("Tab")
    expect(chat.exit_button).to_be_focused()  # the first stop: leaving is always one key away
    focus_ring = chat.exit_button.evaluate(
        "e => getComputedStyle(e).outlineStyle + ' ' + getComputedStyle(e).boxShadow"
    )
    assert focus_ring != "none none", "the focused Exit button has no visible focus style"

    chat.launcher.focus()
    page.keyboard.press("Enter")
    expect(chat.input).to_be_focused()
    chat.wait_for_answer("welcome")
    page.keyboard.type("what is a stalking prevention order")
    page.keyboard.press("Enter")
    answer = chat.wait_for_answer("protection_orders")

    page.keyboard.press("Shift+Tab")  # back from the input to the newest answer's last button
    last_button = answer.get_by_role("button").last
    expect(last_button).to_be_focused()
    assert last_button.evaluate("b => getComputedStyle(b).outlineStyle") != "none"
    title = last_button.inner_text()
    page.keyboard.press("Enter")
    expect(chat.user_messages().last).to_have_text(f"You: {title}")

    page.get_by_role("button", name="Close chat").focus()
    page.keyboard.press("Enter")
    expect(page.locator("[data-chat-panel]")).to_be_hidden()
    expect(chat.launcher).to_be_focused()
    expect(chat.launcher).to_have_attribute("aria-expanded", "false")


@servers
def test_no_animation_when_reduced_motion_is_asked_for(chat: Chat) -> None:
    dot = chat.page.locator(".sc-typing__dot").first
    assert dot.evaluate("d => getComputedStyle(d).animationName") == "sc-bounce"
    chat.page.emulate_media(reduced_motion="reduce")
    assert dot.evaluate("d => getComputedStyle(d).animationName") == "none"


def have_a_conversation(browser: Browser, stack: Any, screen: Screen, **options: Any) -> Chat:
    """Open the chat with the page's own "Start a chat" button, the main way in, and ask a question."""
    context = screen.new_context(browser, **options)
    chat = Chat(context.new_page(), stack, touch=screen.touch).load()
    start = chat.page.get_by_role("button", name="Start a chat")
    start.scroll_into_view_if_needed()
    chat.press(start)
    expect(chat.input).to_be_focused()
    chat.wait_for_answer("welcome")
    chat.ask(ASK_SILENT_CALL)
    chat.wait_for_answer("silent_solution")
    return chat


@servers
@pytest.mark.parametrize("screen", SCREENS, ids=lambda screen: screen.name)
def test_axe_finds_no_serious_or_critical_problems(browser: Browser, stack: Any, screen: Screen) -> None:
    if not AXE.exists():
        pytest.fail(f"axe-core is not installed ({AXE} is missing). Run: npm ci --prefix tests/browser")
    # axe is injected as an inline script, which the page's CSP rightly forbids.
    chat = have_a_conversation(browser, stack, screen, bypass_csp=True)
    try:
        chat.page.add_script_tag(path=str(AXE))
        results = chat.page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
        serious = [
            f"{v['id']} ({v['impact']}): {v['help']} -> {[n['target'] for n in v['nodes']][:5]}"
            for v in results["violations"]
            if v["impact"] in ("serious", "critical")
        ]
        assert not serious, "\n".join(serious)
    finally:
        chat.page.context.close()


@servers
@pytest.mark.parametrize("screen", SCREENS, ids=lambda screen: screen.name)
def test_screenshots_show_a_usable_chat(browser: Browser, stack: Any, screen: Screen) -> None:
    """Screenshots in reports/screenshots/: the open chat, its end, and with the keyboard up."""
    chat = have_a_conversation(browser, stack, screen)
    try:
        page = chat.page
        width = screen.width
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"widget-{screen.name}.png"))
        assert page.evaluate("document.documentElement.scrollWidth") <= width, "the page scrolls sideways"
        panel = page.locator("[data-chat-panel]").bounding_box()
        assert panel["x"] >= 0
        assert panel["x"] + panel["width"] <= width
        if width <= 640:  # a phone: the chat takes the whole width
            assert panel["width"] == width

        chat.answer("silent_solution").locator("[data-chat-replies]").scroll_into_view_if_needed()
        page.screenshot(path=str(SCREENSHOTS / f"widget-{screen.name}-end.png"))
        safety_line = page.get_by_text(SAFETY_LINE, exact=True).filter(visible=True).last
        needed = (
            safety_line,
            chat.exit_button,
            chat.input,
            page.get_by_role("button", name="Send"),
            page.get_by_role("button", name="Close chat"),
        )
        for element in needed:
            expect(element).to_be_in_viewport(ratio=1)

        # The on-screen keyboard takes the bottom 45% of the screen.
        chat.press(chat.input)
        page.set_viewport_size({"width": width, "height": round(screen.height * 0.55)})
        page.wait_for_timeout(300)
        page.screenshot(path=str(SCREENSHOTS / f"widget-{screen.name}-keyboard.png"))
        for element in needed:
            expect(element).to_be_in_viewport(ratio=1)
    finally:
        chat.page.context.close()


# ------------------------------------------------------------------------------------
# Static checks of web/ (no servers needed)
# ------------------------------------------------------------------------------------
class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: List[tuple] = []
        self.safety_line: Optional[str] = None
        self._in_line = False

    def handle_starttag(self, tag: str, attrs: List[tuple]) -> None:
        self.tags.append((tag, dict(attrs)))
        if "data-safety-line" in dict(attrs):
            self._in_line, self.safety_line = True, ""

    def handle_endtag(self, tag: str) -> None:
        self._in_line = False

    def handle_data(self, data: str) -> None:
        if self._in_line:
            self.safety_line += data


def parse(path: Path) -> _Tags:
    parser = _Tags()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def test_static_safety_line_matches_the_content() -> None:
    assert parse(WEB / "index.html").safety_line == library().safety_line == SAFETY_LINE


def test_pages_obey_the_content_security_policy() -> None:
    for path in WEB.rglob("*.html"):
        for tag, attrs in parse(path).tags:
            assert "style" not in attrs, f"{path.name}: <{tag} style=...> is blocked by the CSP"
            assert not [a for a in attrs if a.startswith("on")], f"{path.name}: inline handler on <{tag}>"
            if tag == "script":
                assert attrs.get("src", "").startswith("/"), f"{path.name}: inline or third-party script"
            if tag in ("link", "img", "iframe", "source"):
                address = attrs.get("href") or attrs.get("src") or ""
                assert address.startswith("/"), f"{path.name}: <{tag}> loads {address} from elsewhere"
    scripts = [a for t, a in parse(WEB / "index.html").tags if t == "script"]
    assert scripts == [dict(scripts[0])]
    assert scripts[0]["src"] == "/widget/widget.js"
    assert "defer" in scripts[0]


def test_widget_never_writes_html_or_stores_anything() -> None:
    code = (WEB / "widget" / "widget.js").read_text(encoding="utf-8")
    code = re.sub(r"/\*.*?\*/|//[^\n]*", "", code, flags=re.S)  # rules are about code, not comments
    forbidden = [
        r"\.innerHTML",
        r"\.outerHTML",
        r"insertAdjacentHTML",
        r"document\.write",
        r"\blocalStorage\b",
        r"\bsessionStorage\b",
        r"document\.cookie",
        r"\bindexedDB\b",
        r"\bcaches\b",
        r"pushState",
        r"replaceState",
        r"location\.hash",
        r"location\.search",
        r"\beval\(",
        r"new Function",
    ]
    found = [pattern for pattern in forbidden if re.search(pattern, code)]
    assert not found, found


def test_no_phone_numbers_in_the_web_files() -> None:
    for path in list(WEB.rglob("*")) + list(Path(__file__).parent.glob("*.py")):
        if path.is_file() and path.suffix in (".html", ".js", ".css", ".py", ".svg"):
            match = LONG_PHONE.search(path.read_text(encoding="utf-8"))
            assert not match, f"{path}: a phone number ({match.group(0)}) belongs in content/services.yml"


def _served_page() -> str:
    """The demo page as the site serves it, with content/site.yml's values filled in."""
    from scripts.serve_site import build_files

    return build_files("http://localhost:5005")["/index.html"][0].decode("utf-8")


def _charity_name() -> str:
    return re.search(r'class="brand__name">([^<]+)<', _served_page()).group(1)


def test_the_demo_page_says_whose_site_it_is_from_the_one_settings_file() -> None:
    """The host's name and home area come from content/site.yml, never written in the page."""
    site = library().site
    page = _served_page()
    assert _charity_name() == site.organisation
    assert f"support in {library().areas[site.home_area].name}" in page
    assert "{{" not in page
    assert site.organisation not in (WEB / "index.html").read_text(encoding="utf-8")


def test_the_demo_charity_is_plainly_fictional() -> None:
    page, name = _served_page(), _charity_name()
    assert f"<strong>{name}</strong> is a fictional charity" in page
    assert re.search(rf"{name}[^.]*fictional", (ROOT / "README.md").read_text(encoding="utf-8")), (
        "the README should say the demo charity is fictional"
    )


def test_the_demo_charity_is_named_like_no_real_service() -> None:
    reference = reference_dir()
    if reference is None:
        pytest.skip("no fact base beside this clone (../shared/reference) to compare names with")
    name = _charity_name().lower()
    for path in sorted(reference.glob("*.md")):
        assert name not in path.read_text(encoding="utf-8").lower(), (
            f"{name!r} is a real service's name ({path.name}): the demo charity must be plainly made up"
        )
