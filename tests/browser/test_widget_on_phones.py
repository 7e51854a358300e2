"""Quick exit on a phone, however the chat was opened (issue 9).

Most people reach a support site on a phone. On 360x740 and 320x568 touch phones, and on a
1280x800 desktop, every way of opening the chat (the page's "Start a chat" button, the
floating button, a link to #chat) is tried in three situations a person meets: after a
long answer; after scrolling both the chat and the page; and with the viewport made
shorter, as when the on-screen keyboard opens. Each time, the Exit that a person or a
screen reader finds must be inside the viewport, on top of everything at its own centre,
at least 44x44 CSS px (WCAG 2.5.5), and a tap on it must leave the page.

And on the two phones, a specific question (issue 7): its fact in one bubble that is on
screen without scrolling, its source under it, and the topic overview one tap away.
"""

from __future__ import annotations

from typing import Any, Callable, Dict, Iterator, List

import pytest
from playwright.sync_api import Browser, BrowserContext, Locator, expect

from tests.browser.conftest import (
    DESKTOP,
    EMERGENCY,
    NEUTRAL,
    PHONE_320,
    PHONE_360,
    SAFETY_LINE,
    SCREENS,
    SCREENSHOTS,
    Chat,
    Screen,
    expected_source_line,
    servers,
)

LONG_QUESTION = "what is a stalking prevention order"
LONG_ANSWER = "protection_orders"  # the longest answer a single question gets
MIN_TARGET = 44  # CSS px: WCAG 2.5.5 and GOV.UK's minimum touch target
EXIT = "Exit this page"

# Where the element is, what the visual viewport shows (the part of the page on screen,
# which is what a keyboard shrinks), and whether the element is the one a tap at its
# centre would reach: itself or its own text, not something drawn over it.
GEOMETRY = """e => {
  const r = e.getBoundingClientRect();
  const view = window.visualViewport;
  const at = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
  return {
    left: r.left, top: r.top, right: r.right, bottom: r.bottom, width: r.width, height: r.height,
    viewLeft: view.offsetLeft, viewTop: view.offsetTop,
    viewRight: view.offsetLeft + view.width, viewBottom: view.offsetTop + view.height,
    onTop: at !== null && (at === e || e.contains(at)),
    atCentre: at ? at.outerHTML.slice(0, 90) : null,
  };
}"""


# ------------------------------------------------------------------------------------
# What must be true of Exit, every time
# ------------------------------------------------------------------------------------
def on_screen_problems(target: Locator, what: str) -> List[str]:
    """Why `target` is not on screen and tappable: empty when it is."""
    g = target.evaluate(GEOMETRY)
    problems = []
    inside = (
        g["left"] >= g["viewLeft"] - 0.5
        and g["right"] <= g["viewRight"] + 0.5
        and g["top"] >= g["viewTop"] - 0.5
        and g["bottom"] <= g["viewBottom"] + 0.5
    )
    if not inside:
        problems.append(
            f"{what} is outside the viewport: {g['left']:.0f},{g['top']:.0f} to "
            f"{g['right']:.0f},{g['bottom']:.0f}; the screen shows {g['viewLeft']:.0f},"
            f"{g['viewTop']:.0f} to {g['viewRight']:.0f},{g['viewBottom']:.0f}"
        )
    if not g["onTop"]:
        problems.append(f"{what} is covered at its centre by {g['atCentre']}")
    return problems


def the_exit(chat: Chat) -> Locator:
    """The Exit a screen reader finds: there must be exactly one."""
    exits = chat.page.get_by_role("button", name=EXIT)
    expect(exits, "a screen reader should find exactly one Exit this page").to_have_count(1)
    return exits


def the_chats_own_exit(chat: Chat) -> Locator:
    """The Exit in the open chat's own strip (not the page's)."""
    return chat.page.locator("[data-chat-panel]").get_by_role("button", name=EXIT)


def assert_exit_and_999_on_screen(chat: Chat, exit_control: Locator) -> None:
    """Exit inside the viewport, on top at its centre, 44x44 px or more; the safety line on screen."""
    expect(exit_control).to_be_visible()
    expect(exit_control).to_have_accessible_name(f"Emergency {EXIT}")
    problems = on_screen_problems(exit_control, "Exit")
    box = exit_control.bounding_box()
    if box["width"] < MIN_TARGET or box["height"] < MIN_TARGET:
        problems.append(
            f"Exit's tap target is {box['width']:.1f}x{box['height']:.1f} px, under {MIN_TARGET}x{MIN_TARGET}"
        )
    # The 999 line: at least one copy of it is on screen and not drawn over.
    lines = chat.page.get_by_text(SAFETY_LINE, exact=True)
    expect(lines.first).to_be_attached()
    line_problems = [on_screen_problems(lines.nth(i), "the safety line") for i in range(lines.count())]
    if all(line_problems):
        problems += line_problems[0]
    assert not problems, "\n".join(problems)


def assert_leaves(chat: Chat, leave: Callable[[], None]) -> None:
    """`leave` does what the page's Exit does: the server is told to forget the conversation
    (/restart) and location.replace takes the browser away, leaving no way Back. (That the
    page is blank the moment Exit fires is test_the_chats_own_exit_blanks_the_page_at_once.)"""
    page = chat.page
    sender = chat.sender()
    entries = page.evaluate("history.length")
    leave()
    page.wait_for_url(chat.stack.site_url + NEUTRAL)
    expect(page.get_by_role("heading", name="Weather forecast")).to_be_visible()
    assert [p for p in chat.posts if p["sender"] == sender and p["message"] == "/restart"], "no /restart was sent"
    assert page.evaluate("history.length") == entries, "Exit should replace the page in the history"


def assert_a_tap_on_exit_leaves(chat: Chat, exit_control: Locator) -> None:
    assert_leaves(chat, lambda: chat.press(exit_control))


# ------------------------------------------------------------------------------------
# Ways of opening the chat
# ------------------------------------------------------------------------------------
def open_with_the_page_button(chat: Chat) -> None:
    button = chat.page.get_by_role("button", name="Start a chat")
    button.scroll_into_view_if_needed()  # a person scrolls down to it first
    chat.press(button)


def open_with_the_floating_button(chat: Chat) -> None:
    chat.press(chat.launcher)


def open_with_a_chat_link(chat: Chat) -> None:
    link = chat.page.locator('a[href="#chat"]').first
    link.scroll_into_view_if_needed()
    chat.press(link)


OPENERS: Dict[str, Callable[[Chat], None]] = {
    "page-button": open_with_the_page_button,
    "floating-button": open_with_the_floating_button,
    "chat-link": open_with_a_chat_link,
}


def open_chat(chat: Chat, opener: Callable[[Chat], None]) -> None:
    """Open the chat; opening moves nothing on the page and puts the cursor in the input."""
    page = chat.page
    opener(chat)
    expect(chat.input).to_be_focused()
    chat.wait_for_answer("welcome")
    assert "#" not in page.url, f"opening the chat left a trace in the address: {page.url}"


# ------------------------------------------------------------------------------------
# Situations a person meets
# ------------------------------------------------------------------------------------
def after_a_long_answer(chat: Chat, screen: Screen, opener: Callable[[Chat], None]) -> None:
    open_chat(chat, opener)
    chat.ask(LONG_QUESTION)
    chat.wait_for_answer(LONG_ANSWER)


def after_scrolling_the_chat_and_the_page(chat: Chat, screen: Screen, opener: Callable[[Chat], None]) -> None:
    page = chat.page
    chat.scroll(screen.width / 2, screen.height * 0.8, screen.height * 0.6)  # down the page first
    assert page.evaluate("window.scrollY") > 0, "the page did not scroll"
    open_chat(chat, opener)
    chat.ask(LONG_QUESTION)
    chat.wait_for_answer(LONG_ANSWER)
    # Down the chat, past its end (a scroll that runs on into the page behind)...
    log = page.locator("[data-chat-log]").bounding_box()
    x, y = log["x"] + log["width"] / 2, min(log["y"] + log["height"], screen.height) * 0.85
    for _ in range(4):
        chat.scroll(x, y, screen.height * 0.4)
    # ...and the page itself, moved from under the chat as a browser may do.
    page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
    page.wait_for_timeout(200)


def with_the_keyboard_open(chat: Chat, screen: Screen, opener: Callable[[Chat], None]) -> None:
    open_chat(chat, opener)
    chat.press(chat.input)
    # The on-screen keyboard takes the bottom 45% of the screen.
    chat.page.set_viewport_size({"width": screen.width, "height": round(screen.height * 0.55)})
    chat.page.wait_for_timeout(300)
    chat.ask(LONG_QUESTION)
    chat.wait_for_answer(LONG_ANSWER)
    expect(chat.input).to_be_focused()


SITUATIONS: Dict[str, Callable[[Chat, Screen, Callable[[Chat], None]], None]] = {
    "long-answer": after_a_long_answer,
    "chat-and-page-scrolled": after_scrolling_the_chat_and_the_page,
    "keyboard-open": with_the_keyboard_open,
}


# ------------------------------------------------------------------------------------
# Fixtures
# ------------------------------------------------------------------------------------
@pytest.fixture
def on_screen(browser: Browser, request: pytest.FixtureRequest) -> Iterator[BrowserContext]:
    """A fresh browser context on the screen the test is parametrized with."""
    screen: Screen = request.param
    made = screen.new_context(browser)
    yield made
    made.close()


def screens(*chosen: Screen) -> Any:
    return pytest.mark.parametrize(
        ("on_screen", "screen"), [(s, s) for s in chosen], ids=[s.name for s in chosen], indirect=["on_screen"]
    )


# ------------------------------------------------------------------------------------
# The tests
# ------------------------------------------------------------------------------------
@servers
@screens(*SCREENS)
@pytest.mark.parametrize("how", list(OPENERS))
@pytest.mark.parametrize("situation", list(SITUATIONS))
def test_exit_stays_on_screen_and_leaves_however_the_chat_was_opened(
    on_screen: BrowserContext, screen: Screen, stack: Any, how: str, situation: str
) -> None:
    chat = Chat(on_screen.new_page(), stack, touch=screen.touch).load()
    SITUATIONS[situation](chat, screen, OPENERS[how])
    exit_control = the_exit(chat)
    assert_exit_and_999_on_screen(chat, exit_control)
    assert_a_tap_on_exit_leaves(chat, exit_control)


@servers
@screens(PHONE_360, PHONE_320)
def test_the_chats_own_exit_blanks_the_page_at_once(on_screen: BrowserContext, screen: Screen, stack: Any) -> None:
    chat = Chat(on_screen.new_page(), stack, touch=screen.touch).load()
    after_a_long_answer(chat, screen, open_with_the_page_button)
    sender = chat.sender()
    exit_control = the_chats_own_exit(chat)

    seen = chat.on_screen_as_exit_fires(lambda: chat.press(exit_control))
    assert seen == {"exiting": True, "elements": 0, "text": ""}, seen
    assert {"sender": sender, "message": "/restart", "ended_by": "exit"} in chat.posts


# Another site's page with no safety bar of its own, and an "app shell" layout where a box
# scrolls instead of the window.
BARE_HOST = "/no-safety-bar.html"


@servers
@screens(PHONE_360, DESKTOP)
def test_on_a_host_page_with_no_safety_bar_the_chat_carries_its_own_exit_and_999_line(
    on_screen: BrowserContext, screen: Screen, stack: Any
) -> None:
    chat = Chat(on_screen.new_page(), stack, touch=screen.touch).load(BARE_HOST)
    chat.scroll(screen.width / 2, screen.height * 0.8, screen.height * 0.6)
    assert chat.page.locator(".shell").evaluate("shell => shell.scrollTop") > 0, "the host page did not scroll"
    open_chat(chat, open_with_the_floating_button)
    chat.ask(LONG_QUESTION)
    chat.wait_for_answer(LONG_ANSWER)

    panel = chat.page.locator("[data-chat-panel]")
    own_exit = the_chats_own_exit(chat)
    expect(own_exit).to_have_count(1)
    expect(panel.get_by_text(SAFETY_LINE, exact=True)).to_be_visible()
    assert_exit_and_999_on_screen(chat, own_exit)
    assert_a_tap_on_exit_leaves(chat, own_exit)


PHONE_SIDEWAYS = Screen("phone-740x360-landscape", 740, 360, touch=True)
# A host whose bar scrolls away (through the CSSOM: the page's CSP refuses inline styles).
SCROLLING_BAR = "document.querySelector('[data-safety-bar]').style.setProperty('position', 'static', 'important')"


@servers
@screens(DESKTOP, PHONE_SIDEWAYS)
def test_when_the_pages_own_bar_has_scrolled_away_the_chat_shows_its_own_exit(
    on_screen: BrowserContext, screen: Screen, stack: Any
) -> None:
    """The quick exit never depends on the host page's layout: a bar that is not sticky,
    on a desktop or a phone turned sideways (wider than the phone layout), scrolls out of
    view, and the open chat then carries its own Exit and 999 line."""
    chat = Chat(on_screen.new_page(), stack, touch=screen.touch).load()
    page = chat.page
    page.evaluate(SCROLLING_BAR)
    own_exit = the_chats_own_exit(chat)
    open_chat(chat, open_with_the_floating_button)
    expect(own_exit).to_be_hidden()  # the page's bar is on screen: one Exit is enough
    page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
    bar = page.locator("[data-safety-bar]").bounding_box()
    assert bar["y"] + bar["height"] <= 0, f"the page's bar should have scrolled away: {bar}"
    chat.ask(LONG_QUESTION)
    chat.wait_for_answer(LONG_ANSWER)
    expect(own_exit).to_be_visible()
    assert_exit_and_999_on_screen(chat, own_exit)
    assert_a_tap_on_exit_leaves(chat, own_exit)


@servers
@screens(PHONE_360, PHONE_320)
def test_closing_the_chat_on_a_phone_leaves_the_pages_exit_on_screen(
    on_screen: BrowserContext, screen: Screen, stack: Any
) -> None:
    """No scroll lock left behind: the page's sticky safety bar works after the chat."""
    chat = Chat(on_screen.new_page(), stack, touch=screen.touch).load()
    open_chat(chat, open_with_the_page_button)
    chat.press(chat.page.get_by_role("button", name="Close chat"))
    expect(chat.launcher).to_be_focused()
    chat.scroll(screen.width / 2, screen.height * 0.8, screen.height * 0.5)
    assert_exit_and_999_on_screen(chat, the_exit(chat))


@servers
@screens(PHONE_360, PHONE_320)
def test_in_the_open_chat_exit_is_reached_by_keyboard_and_named_for_screen_readers(
    on_screen: BrowserContext, screen: Screen, stack: Any
) -> None:
    chat = Chat(on_screen.new_page(), stack, touch=screen.touch).load()
    page = chat.page
    button = page.get_by_role("button", name="Start a chat")
    button.focus()
    page.keyboard.press("Enter")
    expect(chat.input).to_be_focused()
    chat.wait_for_answer("welcome")

    # A screen reader finds one button called Exit this page, in the open chat.
    panel = page.locator("[data-chat-panel]")
    assert f'button "Emergency {EXIT}"' in panel.aria_snapshot()
    exit_control = the_exit(chat)
    expect(panel.get_by_role("button", name=EXIT)).to_have_count(1)

    # Back from the input with Shift+Tab, without leaving the chat, to Exit.
    for _ in range(20):
        page.keyboard.press("Shift+Tab")
        inside = page.evaluate("document.activeElement.closest('[data-chat-panel]') !== null")
        assert inside, "focus left the open chat for the page hidden under it"
        if exit_control.evaluate("e => e === document.activeElement"):
            break
    expect(exit_control).to_be_focused()
    outline = exit_control.evaluate("e => getComputedStyle(e).outlineStyle + ' ' + getComputedStyle(e).boxShadow")
    assert outline != "none none", "the focused Exit has no visible focus style"
    assert_leaves(chat, lambda: page.keyboard.press("Enter"))


@servers
@screens(DESKTOP)
def test_on_a_desktop_exit_is_reached_by_keyboard_from_the_open_chat(
    on_screen: BrowserContext, screen: Screen, stack: Any
) -> None:
    """The chat does not cover the page here, so Shift+Tab from the input goes on, through
    the chat, to the page's Exit; Enter there leaves."""
    chat = Chat(on_screen.new_page(), stack, touch=screen.touch).load()
    page = chat.page
    open_chat(chat, open_with_the_floating_button)
    exit_control = the_exit(chat)
    for _ in range(40):
        if exit_control.evaluate("e => e === document.activeElement"):
            break
        page.keyboard.press("Shift+Tab")
    expect(exit_control).to_be_focused()
    assert_leaves(chat, lambda: page.keyboard.press("Enter"))


MOVING = """() => [...document.querySelectorAll(
    'html, [data-safety-bar], [data-safety-bar] *, [data-safety-chat], [data-safety-chat] *')]
  .filter(e => {
    const s = getComputedStyle(e);
    const lasts = t => t.split(',').some(d => parseFloat(d) > 0);
    return s.animationName !== 'none' || lasts(s.transitionDuration) || s.scrollBehavior === 'smooth';
  })
  .map(e => e.className.baseVal !== undefined ? e.className.baseVal : e.className)
  .concat(document.getAnimations().map(a => 'running: ' + (a.animationName || 'transition')))"""


@servers
@pytest.mark.parametrize("setting", ["reduced-motion", "zoom-200"])
def test_exit_works_with_reduced_motion_and_at_200_percent_zoom(browser: Browser, stack: Any, setting: str) -> None:
    if setting == "reduced-motion":
        screen = PHONE_360
        context = screen.new_context(browser, reduced_motion="reduce")
    else:  # a 1280x800 window at 200%: 640x400 CSS pixels, two device pixels to each
        screen = Screen("desktop-1280x800-at-200%", 640, 400, touch=False)
        context = screen.new_context(browser, device_scale_factor=2)
    try:
        chat = Chat(context.new_page(), stack, touch=screen.touch).load()
        open_chat(chat, open_with_the_page_button)
        chat.ask(LONG_QUESTION)
        chat.wait_for_answer(LONG_ANSWER)
        page = chat.page
        if setting == "reduced-motion":
            # Nothing of the widget's moves or would move: no animation, no transition,
            # no smooth scrolling, including the typing dots that are hidden just now.
            moving = page.evaluate(MOVING)
            assert moving == [], f"still moving with reduced motion asked for: {moving}"
        else:
            assert page.evaluate("document.documentElement.scrollWidth") <= screen.width, "the page scrolls sideways"
            for needed in (chat.input, page.get_by_role("button", name="Send")):
                expect(needed).to_be_in_viewport(ratio=1)
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"widget-{setting}.png"))
        exit_control = the_exit(chat)
        assert_exit_and_999_on_screen(chat, exit_control)
        assert_a_tap_on_exit_leaves(chat, exit_control)
    finally:
        context.close()


# ------------------------------------------------------------------------------------
# Answers, not leaflets (issue 7), on a phone
# ------------------------------------------------------------------------------------
SPECIFIC_QUESTION = "how long does a stalking protection order last?"
SPECIFIC_FACT = "at least 2 years"


# Where the bubble is, against the part of the chat's scrolling area that shows on screen, and what a
# tap at its first line would reach.
BUBBLE_IN_LOG = """e => {
  const r = e.getBoundingClientRect(), view = window.visualViewport;
  const l = e.closest(".sc-scroll").getBoundingClientRect();  // the part of the chat that scrolls
  const top = Math.max(l.top, view.offsetTop), bottom = Math.min(l.bottom, view.offsetTop + view.height);
  const at = document.elementFromPoint(r.left + 16, r.top + 10);
  return {top: r.top, bottom: r.bottom, viewTop: top, viewBottom: bottom,
          firstLineOnTop: at !== null && (at === e || e.contains(at))};
}"""


def fact_on_screen_problems(bubble: Locator) -> List[str]:
    """The answer's bubble shows whole if the chat has room for it; if it is taller than the
    room, its start, where the fact is, shows at the top. Empty when so."""
    g = bubble.evaluate(BUBBLE_IN_LOG)
    room = g["viewBottom"] - g["viewTop"]
    problems = []
    if g["top"] < g["viewTop"] - 0.5:
        problems.append(f"the bubble starts above what shows: {g}")
    if g["bottom"] - g["top"] <= room and g["bottom"] > g["viewBottom"] + 0.5:
        problems.append(f"the bubble would fit but runs below what shows: {g}")
    if g["bottom"] - g["top"] > room and g["top"] > g["viewTop"] + 60:
        problems.append(f"the bubble is taller than the chat, and does not start at its top: {g}")
    if not g["firstLineOnTop"]:
        problems.append(f"the bubble's first line is covered: {g}")
    return problems


@servers
@screens(PHONE_360, PHONE_320)
def test_a_specific_question_gets_its_fact_in_one_bubble_on_screen_and_the_overview_one_tap_away(
    on_screen: BrowserContext, screen: Screen, stack: Any
) -> None:
    chat = Chat(on_screen.new_page(), stack, touch=screen.touch).load()
    open_chat(chat, open_with_the_page_button)
    reply = chat.ask(SPECIFIC_QUESTION)
    custom = reply[0]["custom"]
    assert custom["answer_id"] == "spo_duration", [m.get("custom", {}).get("answer_id") for m in reply]
    answer = chat.wait_for_answer("protection_orders")

    # One bubble, the fact in it, its source under it, and no scrolling to find it.
    bubble = answer.locator(".sc-bubble")
    expect(bubble).to_have_count(1)
    expect(bubble).to_contain_text(SPECIFIC_FACT)
    expect(bubble).to_contain_text(EMERGENCY)  # the way to help, in the same bubble
    expect(answer.locator("[data-chat-source]")).to_have_text(expected_source_line("protection_orders", custom))
    problems = fact_on_screen_problems(bubble)
    assert not problems, problems

    # The overview is the first button under it; a tap brings it.
    more = answer.get_by_role("button").first
    expect(more).to_have_text("More about protection orders")
    box = more.bounding_box()
    assert box["height"] >= MIN_TARGET - 0.5, f"the button is {box['height']:.0f} px tall"
    groups = chat.log.locator('[data-guidance-id="protection_orders"]')
    chat.press(more)
    expect(groups).to_have_count(2, timeout=30_000)
    overview = chat.wait_for_answer("protection_orders")
    expect(overview).to_contain_text("Stalking Protection Order")
    assert overview.locator(".sc-bubble").count() > 1, "the overview came as one bubble"


@servers
@screens(PHONE_360, DESKTOP)
def test_the_footer_names_esc_only_where_there_is_a_keyboard(
    on_screen: BrowserContext, screen: Screen, stack: Any
) -> None:
    from safety.content import library

    labels = library().widget_labels.labels
    chat = Chat(on_screen.new_page(), stack, touch=screen.touch).load()
    open_chat(chat, open_with_the_floating_button)
    foot = chat.page.locator(".sc-panel__foot")
    expect(foot).to_have_text(labels["foot_touch"].en if screen.touch else labels["foot"].en)
