"""What the browser tests share: the demo page with the widget as a person uses it (`Chat`),
Chromium, and browser contexts at a given screen size.

Chromium is Debian's (/usr/bin/chromium). The accessibility audit needs axe-core:

    npm ci --prefix tests/browser
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Dict, Iterator, List

import pytest
import requests
from playwright.sync_api import Browser, BrowserContext, Locator, Page, Request, expect, sync_playwright

from safety.content import library

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
WEB = ROOT / "web"
AXE = HERE / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "reports" / "screenshots"

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
NEUTRAL = "/neutral.html"
SERVICES = library().services
EMERGENCY = SERVICES["emergency"].phone
KEY_PRESS = SERVICES["silent_solution"].phone  # numbers come from the directory, here too
SAFETY_LINE = library().safety_line
SAFETY_LINE_CY = library().safety_line_cy
LABELS = library().widget_labels.labels  # the widget's own wording: LABELS["exit"].cy
# A broad question: it gets the whole silent-call overview, several bubbles long.
ASK_SILENT_CALL = f"tell me about silent calls to {EMERGENCY}"
UNREACHABLE = "Sorry, the assistant can't be reached right now."

# The internet isn't reachable here, so "Exit this page" goes to the site's own neutral
# page: this sets the widget's data-exit-url as the page is parsed, before the widget runs
# (an init script is not subject to the page's CSP, and the document itself is untouched).
EXIT_TO_NEUTRAL = """
new MutationObserver((changes, observer) => {
  const tag = document.querySelector('script[src="/widget/widget.js"]');
  if (tag) {
    tag.setAttribute('data-exit-url', 'NEUTRAL_URL');
    observer.disconnect();
  }
}).observe(document, {childList: true, subtree: true});
""".replace("NEUTRAL_URL", NEUTRAL)

servers = pytest.mark.servers
expect.set_options(timeout=20_000)


# ------------------------------------------------------------------------------------
# Helpers
# ------------------------------------------------------------------------------------
def what_the_bot_said(messages: List[Dict[str, Any]]) -> List[tuple]:
    """A reply without its recipient id, to compare two conversations."""
    return [
        (m.get("text"), (m.get("custom") or {}).get("guidance_id"), json.dumps(m.get("buttons"), sort_keys=True))
        for m in messages
    ]


def expected_source_line(guidance_id: str, custom: Dict[str, Any]) -> str:
    """`Source: <first> and N more · reviewed 28 Nov 2026`, as the widget writes it (en-GB).

    The count comes from the payload (it adds the sources of the services an entry names);
    the first name and the date come from the content, so a payload that drifts fails."""
    content = library()
    # A short answer is shown in its topic's group; its own sources and date are the line's.
    answer_id = custom.get("answer_id")
    entry = content.answers[answer_id] if answer_id else content.entries[guidance_id]
    names = [source["name"] for source in custom["sources"]]
    assert names[0] == content.register[entry.sources[0]].name, names
    line = f"Source: {names[0]}" + (f" and {len(names) - 1} more" if len(names) > 1 else "")
    day = entry.reviewed_on
    month = "Sept" if day.month == 9 else day.strftime("%b")  # ICU's en-GB short September
    return f"{line} \u00b7 reviewed {day.day} {month} {day.year}"


def safety_json(stack: Any) -> Dict[str, Any]:
    return requests.get(f"{stack.site_url}/widget/safety.json", timeout=10).json()


@dataclass(frozen=True)
class Screen:
    """A screen to test on: phones are touch screens (Playwright's is_mobile and has_touch)."""

    name: str
    width: int
    height: int
    touch: bool

    def new_context(self, browser: Browser, **options: Any) -> BrowserContext:
        if self.touch:
            options = {"is_mobile": True, "has_touch": True, "device_scale_factor": 2, **options}
        return new_context(browser, self.width, self.height, **options)


PHONE_360 = Screen("phone-360x740", 360, 740, touch=True)
PHONE_320 = Screen("phone-320x568", 320, 568, touch=True)
DESKTOP = Screen("desktop-1280x800", 1280, 800, touch=False)
SCREENS = [PHONE_360, PHONE_320, DESKTOP]


class Chat:
    """The demo page with the widget, as a person uses it; records what the widget posts.

    On a touch screen (`touch=True`) it taps and swipes as a thumb does; otherwise it
    clicks and turns the mouse wheel."""

    def __init__(self, page: Page, stack: Any, touch: bool = False) -> None:
        self.page = page
        self.stack = stack
        self.touch = touch
        self.language = "en"  # the chat's language: the Cymraeg switch changes it
        self.posts: List[Dict[str, Any]] = []
        self.console: List[str] = []
        self.requests: List[str] = []
        page.on("request", self._record)
        page.on("console", lambda message: self.console.append(message.text))

    def _record(self, request: Request) -> None:
        self.requests.append(request.url)
        if request.method == "POST" and request.url == self.stack.webhook():
            self.posts.append(json.loads(request.post_data or "{}"))

    # --- what is on the page -----------------------------------------------------
    @property
    def log(self) -> Locator:
        return self.page.locator("[data-chat-log]")

    @property
    def input(self) -> Locator:
        return self.page.get_by_label(getattr(LABELS["input_label"], self.language), exact=True)

    @property
    def launcher(self) -> Locator:
        return self.page.get_by_role("button", name=getattr(LABELS["launcher"], self.language), exact=True)

    @property
    def exit_button(self) -> Locator:
        return self.page.get_by_role("button", name="Exit this page")

    def switch_language(self, to: str) -> Locator:
        """Press the Cymraeg / English switch (it names the language it switches to, in that
        language); the bot greets again in it. Returns that greeting."""
        greeting = "welsh_welcome" if to == "cy" else "welcome"
        greetings = self.log.locator(f'[data-guidance-id="{greeting}"]')
        before = greetings.count()
        switch = self.page.get_by_role("button", name=getattr(LABELS["language_name"], to), exact=True)
        expect(switch).to_have_attribute("lang", to)
        self.press(switch)
        self.language = to
        expect(greetings).to_have_count(before + 1, timeout=30_000)
        return self.wait_for_answer(greeting)

    def answer(self, guidance_id: str) -> Locator:
        return self.log.locator(f'[data-guidance-id="{guidance_id}"]').last

    def user_messages(self) -> Locator:
        return self.log.locator('[data-role="user"]')

    # --- doing things --------------------------------------------------------------
    def load(self, path: str = "/") -> Chat:
        self.page.goto(self.stack.site_url + path)
        self.language = "en"  # nothing remembers a language: every visit starts in English
        expect(self.launcher).to_be_visible()
        return self

    def press(self, target: Locator) -> None:
        """A tap on a touch screen, a click with a mouse."""
        if self.touch:
            target.tap()
        else:
            target.click()

    def scroll(self, x: float, y: float, distance: float) -> None:
        """Scroll what is under (x, y) down by `distance` CSS pixels: a swipe up on a touch
        screen (real touch events, so the browser scrolls as it would for a thumb), the
        mouse wheel otherwise."""
        if not self.touch:
            self.page.mouse.move(x, y)
            self.page.mouse.wheel(0, distance)
        else:
            cdp = self.page.context.new_cdp_session(self.page)
            try:
                steps = 12
                cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x, "y": y}]})
                for step in range(1, steps + 1):
                    point = {"x": x, "y": max(1, y - distance * step / steps)}
                    cdp.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [point]})
                # The thumb rests before lifting, so the page does not fling on (a tap on a
                # flinging page only stops it, as on a real phone).
                self.page.wait_for_timeout(150)
                cdp.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [point]})
                cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
            finally:
                cdp.detach()
        self.page.wait_for_timeout(300)  # let the scroll settle

    def open(self) -> Locator:
        self.press(self.launcher)
        expect(self.input).to_be_focused()
        return self.wait_for_answer("welcome")

    def ask(self, text: str) -> List[Dict[str, Any]]:
        """Type a question and press Enter; the bot's reply as the server sent it."""
        with self.page.expect_response(
            lambda r: r.url == self.stack.webhook() and r.request.method == "POST", timeout=30_000
        ) as reply:
            self.input.fill(text)
            self.input.press("Enter")
        return reply.value.json()

    def wait_for_answer(self, guidance_id: str) -> Locator:
        answer = self.answer(guidance_id)
        expect(answer.locator("[data-chat-source]")).to_be_visible(timeout=30_000)
        return answer

    def sender(self) -> str:
        senders = {post["sender"] for post in self.posts}
        assert len(senders) == 1, f"expected one conversation id, saw {len(senders)}"
        return senders.pop()

    def on_screen_as_exit_fires(self, leave: Callable[[], None]) -> Dict[str, Any]:
        """Do `leave` with the exit address answered "204 No Content", so the browser stays
        on this page: what it shows then is what was on screen the moment Exit fired, before
        the next page could arrive. Also checks that Exit did set off for that address."""
        asked: List[Request] = []

        def no_content(route: Any) -> None:
            asked.append(route.request)
            route.fulfill(status=204)

        self.page.route("**" + NEUTRAL, no_content)
        try:
            leave()
            for _ in range(100):
                if asked:
                    break
                self.page.wait_for_timeout(50)
            assert asked, "Exit did not set off for the exit address"
            assert asked[0].is_navigation_request(), "Exit did not set off for the exit address"
            return self.page.evaluate("""() => ({
              exiting: document.documentElement.classList.contains('sc-exiting'),
              elements: document.body.children.length,
              text: document.body.innerText,
            })""")
        finally:
            self.page.unroute("**" + NEUTRAL)

    def csp_violations(self) -> List[str]:
        return [line for line in self.console if "Content Security Policy" in line]


# ------------------------------------------------------------------------------------
# Fixtures
# ------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def new_context(browser: Browser, width: int = 1280, height: int = 800, **options: Any) -> BrowserContext:
    context = browser.new_context(viewport={"width": width, "height": height}, locale="en-GB", **options)
    context.add_init_script(EXIT_TO_NEUTRAL)
    return context


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    made = new_context(browser)
    yield made
    made.close()


@pytest.fixture
def chat(context: BrowserContext, stack: Any) -> Chat:
    return Chat(context.new_page(), stack).load()


def fake_webhook(chat: Chat, respond: Callable[[Any], None]) -> None:
    """Answer the widget's webhook calls in the browser instead of Rasa (CORS included)."""
    origin = chat.stack.site_url

    def handle(route: Any) -> None:
        if route.request.method == "OPTIONS":
            route.fulfill(
                status=204,
                headers={
                    "Access-Control-Allow-Origin": origin,
                    "Access-Control-Allow-Headers": "content-type",
                    "Access-Control-Allow-Methods": "POST",
                },
            )
        else:
            respond(route)

    chat.page.route(chat.stack.webhook(), handle)
