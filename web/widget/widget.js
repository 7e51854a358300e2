/*
 * Safety assistant chat widget: plain JavaScript, no dependencies, no build step.
 *
 * Embed with one tag:
 *   <script src="/widget/widget.js" data-rasa-url="https://bot.example.org"
 *           data-exit-url="https://www.bbc.co.uk/weather" defer></script>
 *
 * People being stalked may use a device the stalker can see, so this widget:
 *   - keeps the conversation in JavaScript memory only: nothing in localStorage,
 *     sessionStorage, cookies, IndexedDB, the Cache API or the URL. A reload starts afresh;
 *   - inserts every word of the conversation as text nodes, never as HTML; only the web
 *     addresses listed in /widget/safety.json become links;
 *   - offers "Exit this page" (button, Escape, or Shift three times), which wipes the chat,
 *     tells the server to forget the conversation and replaces this page in the history;
 *   - keeps its own Exit and safety line in the open chat on small screens, and on any page
 *     with no safety bar of its own, so quick exit never depends on the host page's layout;
 *   - opens without moving the page and without a scroll lock, and on a phone fits the
 *     chat to the part of the screen the on-screen keyboard leaves;
 *   - shows the emergency safety information from /widget/safety.json whenever the
 *     assistant can't be reached.
 */
(function () {
  "use strict";

  var script = document.currentScript;
  if (!script || window.__saferChatLoaded) {
    return;
  }
  window.__saferChatLoaded = true;

  var DEFAULT_EXIT_URL = "https://www.bbc.co.uk/weather";
  var REPLY_TIMEOUT_MS = 8000;
  var SAFETY_TIMEOUT_MS = 5000;
  var SHIFT_WINDOW_MS = 5000; // GOV.UK "Exit this page": three Shift presses within 5 seconds
  var MAX_MESSAGE_CHARS = 1000; // the server's limit (safety/text.py)
  var SHORT_SCREEN_PX = 480; // below this height (a keyboard is up) the open chat drops its extras
  var CHAT_OPENERS = '[data-open-chat], a[href="#chat"]';
  var UNREACHABLE = "Sorry, the assistant can't be reached right now.";
  var SVG_NS = "http://www.w3.org/2000/svg";

  var scriptUrl = new URL(script.src, document.baseURI);
  var rasaUrl = (script.getAttribute("data-rasa-url") || "").replace(/\/+$/, "");
  var webhookUrl = rasaUrl + "/webhooks/rest/webhook";
  var safetyUrl = new URL("safety.json", scriptUrl).href;

  // ---------------------------------------------------------------------------------
  // State: memory only. Exit and reload throw all of it away.
  // ---------------------------------------------------------------------------------
  var state = {
    senderId: null,
    greeted: false,
    exiting: false,
    queue: Promise.resolve(),
    pending: 0,
    controllers: [],
    safety: null,
    linkTargets: [],
    shiftCount: 0,
    shiftTimer: null,
    lastKeyWasModified: false,
    hostHasBar: false,
  };
  var ui = {};

  // ---------------------------------------------------------------------------------
  // Small helpers. Text only ever goes in through textContent or text nodes.
  // ---------------------------------------------------------------------------------
  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (name) {
        if (attrs[name] !== null && attrs[name] !== undefined && attrs[name] !== false) {
          node.setAttribute(name, attrs[name] === true ? "" : String(attrs[name]));
        }
      });
    }
    if (text !== undefined && text !== null) {
      node.textContent = text;
    }
    return node;
  }

  function hiddenText(text) {
    return el("span", { class: "sc-visually-hidden" }, text);
  }

  /** A decorative inline SVG icon, built node by node (no markup strings). */
  function icon(name) {
    var paths = {
      chat: "M4 5.5A2.5 2.5 0 0 1 6.5 3h11A2.5 2.5 0 0 1 20 5.5v8a2.5 2.5 0 0 1-2.5 2.5H10l-4.2 3.6c-.5.4-1.3.1-1.3-.6V16H6.5A2.5 2.5 0 0 1 4 13.5z",
      close: "M6 6l12 12M18 6L6 18",
      send: "M4 12l16-8-6 16-2.5-6.5z",
      alert: "M12 3.5l9.5 16.5h-19zM12 10v4.5M12 17.2v.3",
    };
    var svg = document.createElementNS(SVG_NS, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("width", "20");
    svg.setAttribute("height", "20");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    svg.setAttribute("class", "sc-icon sc-icon--" + name);
    var path = document.createElementNS(SVG_NS, "path");
    path.setAttribute("d", paths[name]);
    svg.appendChild(path);
    return svg;
  }

  function newSenderId() {
    if (window.crypto && typeof window.crypto.randomUUID === "function") {
      return window.crypto.randomUUID();
    }
    var bytes = window.crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (b) {
      return (b + 0x100).toString(16).slice(1);
    }).join("");
    return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join("-");
  }

  var dateFormat = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });

  /** "2026-11-28" -> "28 Nov 2026"; null if it isn't an ISO date. */
  function formatDate(iso) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(typeof iso === "string" ? iso : "");
    if (!m) {
      return null;
    }
    return dateFormat.format(new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))));
  }

  function pageSafetyLine() {
    var line = document.querySelector("[data-safety-line]");
    return line ? line.textContent.trim() : "In danger now? Call the emergency services.";
  }

  // ---------------------------------------------------------------------------------
  // Safety data: fetched once at start-up, kept in memory for when the bot is unreachable.
  // ---------------------------------------------------------------------------------
  function isStringList(value) {
    return Array.isArray(value) && value.every(function (item) {
      return typeof item === "string";
    });
  }

  function buildLinkTargets(links) {
    var targets = [];
    links.forEach(function (href) {
      // Only plain https addresses may ever become links.
      if (!/^https:\/\/[A-Za-z0-9.-]+\.[A-Za-z]{2,}(\/[A-Za-z0-9._~/-]*)?$/.test(href)) {
        return;
      }
      targets.push({ match: href, href: href });
      targets.push({ match: href.slice("https://".length), href: href });
    });
    targets.sort(function (a, b) {
      return b.match.length - a.match.length;
    });
    return targets;
  }

  var safetyReady = (function loadSafety() {
    var controller = new AbortController();
    var timer = setTimeout(function () {
      controller.abort();
    }, SAFETY_TIMEOUT_MS);
    return fetch(safetyUrl, { cache: "no-store", credentials: "omit", signal: controller.signal })
      .then(function (reply) {
        if (!reply.ok) {
          throw new Error("safety.json: HTTP " + reply.status);
        }
        return reply.json();
      })
      .then(function (data) {
        if (!data || typeof data.safety_line !== "string" || !isStringList(data.fallback)) {
          throw new Error("safety.json: unexpected shape");
        }
        state.safety = {
          safetyLine: data.safety_line,
          fallback: data.fallback.slice(),
          links: isStringList(data.links) ? data.links.slice() : [],
        };
        state.linkTargets = buildLinkTargets(state.safety.links);
        return state.safety;
      })
      .catch(function () {
        return null; // the error message falls back to the page's own safety line
      })
      .finally(function () {
        clearTimeout(timer);
      });
  })();

  // ---------------------------------------------------------------------------------
  // Text with the allowed links: everything else stays a text node.
  // ---------------------------------------------------------------------------------
  function boundaryOk(text, at, length) {
    var before = at > 0 ? text.charAt(at - 1) : "";
    var after = text.charAt(at + length);
    var afterNext = text.charAt(at + length + 1);
    if (before && /[A-Za-z0-9_./@:-]/.test(before)) {
      return false;
    }
    if (after && /[A-Za-z0-9_/@-]/.test(after)) {
      return false;
    }
    // "example.org." ends a sentence; "example.org.uk" or "example.org:8080" is another address.
    if ((after === "." || after === ":") && /[A-Za-z0-9_]/.test(afterNext)) {
      return false;
    }
    return true;
  }

  function findLink(text, from) {
    var best = null;
    state.linkTargets.forEach(function (target) {
      var at = text.indexOf(target.match, from);
      while (at !== -1 && !boundaryOk(text, at, target.match.length)) {
        at = text.indexOf(target.match, at + 1);
      }
      if (at !== -1 && (!best || at < best.at)) {
        best = { at: at, target: target }; // targets are longest first, so ties keep the longest
      }
    });
    return best;
  }

  function appendText(parent, text) {
    var from = 0;
    while (from < text.length) {
      var found = findLink(text, from);
      if (!found) {
        parent.appendChild(document.createTextNode(text.slice(from)));
        break;
      }
      if (found.at > from) {
        parent.appendChild(document.createTextNode(text.slice(from, found.at)));
      }
      var link = el("a", { href: found.target.href, rel: "noopener noreferrer", target: "_blank", class: "sc-link" });
      link.appendChild(document.createTextNode(found.target.match));
      link.appendChild(hiddenText(" (opens in a new tab)"));
      parent.appendChild(link);
      from = found.at + found.target.match.length;
    }
  }

  // ---------------------------------------------------------------------------------
  // The widget's DOM.
  // ---------------------------------------------------------------------------------
  function ensureStylesheet() {
    var href = new URL("widget.css", scriptUrl).href;
    var present = Array.prototype.some.call(document.querySelectorAll('link[rel="stylesheet"]'), function (link) {
      return link.href === href;
    });
    if (!present) {
      document.head.appendChild(el("link", { rel: "stylesheet", href: href }));
    }
  }

  /** Three lights that count Shift presses, as on GOV.UK. */
  function exitLights() {
    var lights = el("span", { class: "sc-exit__lights", "aria-hidden": "true" });
    for (var i = 0; i < 3; i += 1) {
      lights.appendChild(el("span", { class: "sc-exit__light" }));
    }
    return lights;
  }

  /** The page's own safety bar and exit button; made here if the page has none. */
  function ensureSafetyBar() {
    var bar = document.querySelector("[data-safety-bar]");
    state.hostHasBar = Boolean(bar);
    if (!bar) {
      bar = el("div", { class: "sc-safetybar", role: "region", "aria-label": "Safety information", "data-safety-bar": true });
      var inner = el("div", { class: "sc-safetybar__inner" });
      inner.appendChild(el("p", { class: "sc-safetyline", "data-safety-line": true }, "In danger now? Call the emergency services."));
      bar.appendChild(inner);
      document.body.insertBefore(bar, document.body.firstChild);
      safetyReady.then(function (safety) {
        if (safety) {
          bar.querySelector("[data-safety-line]").textContent = safety.safetyLine;
        }
      });
    }
    var button = document.querySelector("[data-exit-button]");
    if (!button) {
      var holder = el("div", { class: "sc-exit", "data-exit-this-page": true });
      button = el("a", { href: DEFAULT_EXIT_URL, class: "sc-exit__button", role: "button", draggable: "false", rel: "nofollow noreferrer", "data-exit-button": true });
      button.appendChild(hiddenText("Emergency "));
      button.appendChild(document.createTextNode("Exit this page"));
      holder.appendChild(button);
      bar.querySelector(".sc-safetybar__inner").appendChild(holder);
    }
    button.appendChild(exitLights());
    button.setAttribute("href", exitUrl());
    ui.bar = bar;
    ui.pageExit = button;
    ui.exitButtons = [button];
  }

  /** The chat's own safety line and Exit: shown on small screens, where the open chat covers
   *  the page and its bar, and at every size when the page has no safety bar of its own. */
  function buildSafetyStrip() {
    var strip = el("div", { class: "sc-panel__safety", "data-chat-safety": true });
    var line = el("p", { class: "sc-panel__safetyline", "data-chat-safety-line": true }, pageSafetyLine());
    var button = el("button", { type: "button", class: "sc-exit__button sc-panel__exit", "data-chat-exit": true });
    button.appendChild(hiddenText("Emergency "));
    button.appendChild(document.createTextNode("Exit this page"));
    button.appendChild(exitLights());
    strip.appendChild(line);
    strip.appendChild(button);
    safetyReady.then(function (safety) {
      if (safety) {
        line.textContent = safety.safetyLine;
      }
    });
    ui.exitButtons.push(button);
    return strip;
  }

  function build() {
    var root = el("div", { class: "sc-widget", role: "region", "aria-label": "Safety assistant chat", "data-safety-chat": true });

    var launcher = el("button", { type: "button", class: "sc-launcher", "aria-expanded": "false", "aria-controls": "sc-panel", "data-chat-launcher": true });
    launcher.appendChild(icon("chat"));
    launcher.appendChild(el("span", { class: "sc-launcher__label" }, "Chat with our safety assistant"));

    var panel = el("section", { class: "sc-panel", id: "sc-panel", "aria-labelledby": "sc-title", "data-chat-panel": true });
    panel.hidden = true;
    if (!state.hostHasBar) {
      root.classList.add("sc-widget--own-exit");
    }

    var header = el("div", { class: "sc-panel__header" });
    var titles = el("div", { class: "sc-panel__titles" });
    titles.appendChild(el("h2", { class: "sc-panel__title", id: "sc-title" }, "Safety assistant"));
    titles.appendChild(el("p", { class: "sc-panel__note" }, "Automated, not a person. Not saved on this device."));
    var close = el("button", { type: "button", class: "sc-iconbutton", "aria-label": "Close chat", "data-chat-close": true });
    close.appendChild(icon("close"));
    header.appendChild(titles);
    header.appendChild(close);

    var scroller = el("div", { class: "sc-scroll" });
    var log = el("div", { class: "sc-log", role: "log", "aria-live": "polite", "aria-relevant": "additions", "aria-label": "Conversation", "data-chat-log": true });
    var typing = el("div", { class: "sc-typing", role: "status", "data-chat-typing": true });
    var typingInner = el("div", { class: "sc-typing__bubble" });
    typingInner.hidden = true;
    typingInner.appendChild(hiddenText("The assistant is typing"));
    for (var i = 0; i < 3; i += 1) {
      typingInner.appendChild(el("span", { class: "sc-typing__dot", "aria-hidden": "true" }));
    }
    typing.appendChild(typingInner);
    scroller.appendChild(log);
    scroller.appendChild(typing);

    var form = el("form", { class: "sc-form", "data-chat-form": true, novalidate: true });
    form.appendChild(el("label", { class: "sc-visually-hidden", for: "sc-input" }, "Type your message"));
    var input = el("input", {
      id: "sc-input", class: "sc-input", type: "text", autocomplete: "off", autocapitalize: "sentences",
      maxlength: String(MAX_MESSAGE_CHARS), placeholder: "Type your question", enterkeyhint: "send", "data-chat-input": true,
    });
    var sendButton = el("button", { type: "submit", class: "sc-send", "data-chat-send": true });
    sendButton.appendChild(icon("send"));
    sendButton.appendChild(el("span", { class: "sc-send__label" }, "Send"));
    form.appendChild(input);
    form.appendChild(sendButton);

    var foot = el("p", { class: "sc-panel__foot" });
    foot.appendChild(document.createTextNode("To leave quickly, press Esc or use Exit this page."));

    // Spoken by screen readers wherever the chat is: never inside anything made inert.
    var announcer = el("p", { class: "sc-visually-hidden", "aria-live": "polite", "data-exit-announcer": true });

    panel.appendChild(buildSafetyStrip());
    panel.appendChild(header);
    panel.appendChild(scroller);
    panel.appendChild(form);
    panel.appendChild(foot);
    root.appendChild(launcher);
    root.appendChild(panel);
    root.appendChild(announcer);
    document.body.appendChild(root);

    ui.root = root;
    ui.launcher = launcher;
    ui.panel = panel;
    ui.scroller = scroller;
    ui.log = log;
    ui.typing = typingInner;
    ui.form = form;
    ui.input = input;
    ui.close = close;
    ui.exitAnnouncer = announcer;

    launcher.addEventListener("click", openPanel);
    close.addEventListener("click", closePanel);
    form.addEventListener("submit", onSubmit);
    // The page's own "Start a chat" buttons and links to #chat. A link opens the chat
    // instead of jumping: the page stays where it is and the address gets no #chat.
    document.addEventListener("click", function (event) {
      var opener = event.target && event.target.closest ? event.target.closest(CHAT_OPENERS) : null;
      if (opener && !ui.root.contains(opener)) {
        event.preventDefault();
        openPanel();
      }
    });
  }

  // ---------------------------------------------------------------------------------
  // Opening and closing.
  // ---------------------------------------------------------------------------------
  var smallScreen = window.matchMedia("(max-width: 40em)");

  /** On a phone the open chat covers the whole page, its safety bar too (the chat has its
   *  own Exit and safety line): keep focus and screen readers out of what is hidden under it.
   *  No scroll lock: one would break the page's sticky safety bar. */
  function updateInert() {
    var covering = !ui.panel.hidden && smallScreen.matches;
    Array.prototype.forEach.call(document.body.children, function (child) {
      if (child === ui.root || child.tagName === "SCRIPT") {
        return;
      }
      if (covering && !child.hasAttribute("data-sc-inert")) {
        if (child.hasAttribute("inert") || child.getAttribute("aria-hidden") === "true") {
          return; // the page's own doing: not ours to undo later
        }
        child.setAttribute("inert", "");
        child.setAttribute("aria-hidden", "true");
        child.setAttribute("data-sc-inert", "");
      } else if (!covering && child.hasAttribute("data-sc-inert")) {
        child.removeAttribute("inert");
        child.removeAttribute("aria-hidden");
        child.removeAttribute("data-sc-inert");
      }
    });
    fitToScreen();
  }

  /** On a phone the open chat fills the part of the screen that shows: the visual
   *  viewport, which shrinks when the on-screen keyboard opens. Set on the panel as
   *  custom properties (CSSOM, allowed by the page's CSP); the CSS uses them only on
   *  small screens. */
  function fitToScreen() {
    var view = window.visualViewport;
    var top = view ? view.offsetTop : 0;
    var left = view ? view.offsetLeft : 0;
    var width = view ? view.width : window.innerWidth;
    var height = view ? view.height : window.innerHeight;
    var style = ui.panel.style;
    style.setProperty("--sc-view-top", top + "px");
    style.setProperty("--sc-view-left", left + "px");
    style.setProperty("--sc-view-width", width + "px");
    style.setProperty("--sc-view-height", height + "px");
    ui.panel.classList.toggle("sc-panel--short", height < SHORT_SCREEN_PX);
  }

  function openPanel() {
    if (state.exiting) {
      return;
    }
    ui.panel.hidden = false;
    ui.launcher.hidden = true;
    ui.launcher.setAttribute("aria-expanded", "true");
    updateInert();
    // Opening must not move the page: the page's Exit stays where it was.
    ui.input.focus({ preventScroll: true });
    if (!state.greeted) {
      state.greeted = true;
      send("/greet", null);
    }
  }

  function closePanel() {
    ui.panel.hidden = true;
    ui.launcher.hidden = false;
    ui.launcher.setAttribute("aria-expanded", "false");
    updateInert();
    ui.launcher.focus({ preventScroll: true });
  }

  function trackBarHeight() {
    var set = function () {
      document.documentElement.style.setProperty("--sc-bar-height", ui.bar.getBoundingClientRect().height + "px");
    };
    set();
    if (window.ResizeObserver) {
      new ResizeObserver(set).observe(ui.bar);
    } else {
      window.addEventListener("resize", set);
    }
  }

  // ---------------------------------------------------------------------------------
  // The conversation.
  // ---------------------------------------------------------------------------------
  function scrollToEnd() {
    ui.scroller.scrollTop = ui.scroller.scrollHeight;
  }

  /** Show the start of a new answer, under the question it answers: long advice is
   *  read from the top. */
  function scrollToShow(node) {
    var before = node.previousElementSibling;
    if (before && before.getAttribute("data-role") === "user" &&
        node.offsetTop - before.offsetTop < ui.scroller.clientHeight / 3) {
      node = before;
    }
    var top = node.offsetTop - ui.scroller.offsetTop - 12;
    ui.scroller.scrollTop = Math.max(0, Math.min(top, ui.scroller.scrollHeight));
  }

  function addUserMessage(text) {
    var row = el("div", { class: "sc-msg sc-msg--user", "data-role": "user" });
    var bubble = el("p", { class: "sc-bubble" });
    bubble.appendChild(hiddenText("You: "));
    bubble.appendChild(document.createTextNode(text));
    row.appendChild(bubble);
    ui.log.appendChild(row);
    scrollToEnd();
  }

  function newBotGroup(guidanceId) {
    var row = el("div", { class: "sc-msg sc-msg--bot", "data-role": "bot", "data-guidance-id": guidanceId || null });
    if (guidanceId === "safety_fallback") {
      row.classList.add("sc-msg--alert");
      row.setAttribute("data-alert", "fallback");
    }
    ui.log.appendChild(row);
    return { row: row, guidanceId: guidanceId, bubbles: 0, sourced: false };
  }

  function addBubble(group, text) {
    var bubble = el("p", { class: "sc-bubble" });
    if (group.bubbles === 0) {
      bubble.appendChild(hiddenText("Assistant: "));
    }
    appendText(bubble, text);
    group.row.appendChild(bubble);
    group.bubbles += 1;
    return bubble;
  }

  function sourceLine(custom) {
    var sources = Array.isArray(custom.sources) ? custom.sources.filter(function (s) {
      return s && typeof s.name === "string" && s.name;
    }) : [];
    if (!sources.length) {
      return null;
    }
    var text = "Source: " + sources[0].name;
    if (sources.length > 1) {
      text += " and " + (sources.length - 1) + " more";
    }
    var reviewed = formatDate(custom.reviewed_on);
    if (reviewed) {
      text += " \u00b7 reviewed " + reviewed;
    }
    return text;
  }

  function addButtons(group, buttons) {
    var valid = buttons.filter(function (b) {
      return b && typeof b.title === "string" && b.title && typeof b.payload === "string" && b.payload;
    });
    if (!valid.length) {
      return;
    }
    var holder = el("div", { class: "sc-replies", role: "group", "aria-label": "Suggested replies", "data-chat-replies": true });
    valid.forEach(function (b) {
      var button = el("button", { type: "button", class: "sc-reply" }, b.title);
      button.addEventListener("click", function () {
        send(b.payload, b.title);
        ui.input.focus();
      });
      holder.appendChild(button);
    });
    group.row.appendChild(holder);
  }

  function markOlderReplies() {
    Array.prototype.forEach.call(ui.log.querySelectorAll(".sc-replies:not(.sc-replies--older)"), function (holder) {
      holder.classList.add("sc-replies--older");
    });
  }

  function renderReply(messages) {
    var group = null;
    var first = null;
    markOlderReplies();
    messages.forEach(function (message) {
      if (!message || typeof message !== "object") {
        return;
      }
      var custom = message.custom && typeof message.custom === "object" ? message.custom : null;
      var gid = custom && typeof custom.guidance_id === "string" ? custom.guidance_id : null;
      if (!group || !gid || group.guidanceId !== gid || group.sourced) {
        group = newBotGroup(gid);
        first = first || group.row;
      }
      if (typeof message.text === "string" && message.text.trim()) {
        addBubble(group, message.text);
      }
      var isLastPart = custom && (!(Number(custom.parts) > 1) || Number(custom.part) === Number(custom.parts));
      if (custom && isLastPart && !group.sourced) {
        var line = sourceLine(custom);
        if (line) {
          group.row.appendChild(el("p", { class: "sc-source", "data-chat-source": true }, line));
          group.sourced = true;
        }
      }
      var buttons = Array.isArray(message.buttons) ? message.buttons : Array.isArray(message.quick_replies) ? message.quick_replies : [];
      addButtons(group, buttons);
    });
    if (first) {
      scrollToShow(first);
    }
  }

  function showUnreachable(safety) {
    markOlderReplies();
    var group = newBotGroup(null);
    group.row.classList.add("sc-msg--alert");
    group.row.setAttribute("data-alert", "unreachable");
    var heading = el("p", { class: "sc-bubble sc-alert__title" });
    heading.appendChild(icon("alert"));
    heading.appendChild(hiddenText("Assistant: "));
    heading.appendChild(document.createTextNode(UNREACHABLE));
    group.row.appendChild(heading);
    group.bubbles += 1;
    var texts = safety && safety.fallback.length ? safety.fallback : [pageSafetyLine()];
    texts.forEach(function (text) {
      addBubble(group, text);
    });
    scrollToShow(group.row);
  }

  function setTyping(delta) {
    state.pending = Math.max(0, state.pending + delta);
    ui.typing.hidden = state.pending === 0;
    if (state.pending) {
      scrollToEnd();
    }
  }

  function post(body, options) {
    return fetch(webhookUrl, Object.assign({
      method: "POST",
      mode: "cors",
      credentials: "omit",
      cache: "no-store",
      referrerPolicy: "no-referrer",
      body: JSON.stringify(body),
    }, options));
  }

  function exchange(message) {
    if (state.exiting) {
      return Promise.resolve();
    }
    if (!state.senderId) {
      state.senderId = newSenderId();
    }
    var sender = state.senderId;
    var controller = new AbortController();
    var timer = setTimeout(function () {
      controller.abort();
    }, REPLY_TIMEOUT_MS);
    state.controllers.push(controller);
    setTyping(1);
    return post({ sender: sender, message: message }, { headers: { "Content-Type": "application/json" }, signal: controller.signal })
      .then(function (reply) {
        if (!reply.ok) {
          throw new Error("HTTP " + reply.status);
        }
        return reply.json();
      })
      .then(function (data) {
        if (!Array.isArray(data)) {
          throw new Error("unexpected reply");
        }
        return data;
      })
      .catch(function () {
        return null;
      })
      .then(function (replies) {
        clearTimeout(timer);
        state.controllers = state.controllers.filter(function (c) {
          return c !== controller;
        });
        // After an exit or a reset, this answer belongs to a conversation that is gone.
        if (state.exiting || state.senderId !== sender) {
          return null;
        }
        if (replies === null) {
          return safetyReady.then(function (safety) {
            if (!state.exiting && state.senderId === sender) {
              setTyping(-1);
              showUnreachable(safety);
            }
          });
        }
        setTyping(-1);
        renderReply(replies);
        return null;
      });
  }

  /** Send a message; `shown` is what the user sees as their message (null: nothing). */
  function send(message, shown) {
    if (state.exiting) {
      return;
    }
    if (shown !== null && shown !== undefined) {
      addUserMessage(shown);
    }
    state.queue = state.queue.then(function () {
      return exchange(message);
    });
  }

  function onSubmit(event) {
    event.preventDefault();
    var text = ui.input.value.trim();
    ui.input.value = "";
    if (!text) {
      return;
    }
    send(text, text);
  }

  // ---------------------------------------------------------------------------------
  // Forgetting, and "Exit this page".
  // ---------------------------------------------------------------------------------
  /** Ask the server to forget the conversation; don't wait for the answer.
   *  Sent as text/plain (a CORS "simple" request, so no preflight to be cut short
   *  when the page goes away); the channel reads the body as JSON whatever its type. */
  function endConversation() {
    var sender = state.senderId;
    state.senderId = null;
    if (!sender) {
      return;
    }
    try {
      post({ sender: sender, message: "/restart" }, { keepalive: true, headers: { "Content-Type": "text/plain;charset=UTF-8" } })
        .catch(function () {});
    } catch (e) {
      // Nothing more can be done from a page that is going away.
    }
  }

  /** Drop the transcript and every piece of conversation state. */
  function wipe() {
    state.controllers.forEach(function (controller) {
      controller.abort();
    });
    state.controllers = [];
    state.queue = Promise.resolve();
    state.pending = 0;
    state.greeted = false;
    if (ui.log) {
      ui.log.replaceChildren();
      ui.typing.hidden = true;
      ui.input.value = "";
    }
  }

  function exitUrl() {
    var wanted = script.getAttribute("data-exit-url") || DEFAULT_EXIT_URL;
    try {
      var url = new URL(wanted, document.baseURI);
      if (url.protocol === "https:" || url.protocol === "http:") {
        return url.href;
      }
    } catch (e) {
      // fall through to the default
    }
    return DEFAULT_EXIT_URL;
  }

  function exitPage(event) {
    if (event) {
      event.preventDefault();
    }
    if (state.exiting) {
      return;
    }
    var target = exitUrl();
    endConversation();
    wipe();
    state.exiting = true;
    state.safety = null;
    state.linkTargets = [];
    // Blank the page at once, then replace it in the history so Back can't return here.
    document.documentElement.classList.add("sc-exiting");
    document.title = "Loading";
    document.body.replaceChildren();
    window.location.replace(target);
  }

  function showShiftCount() {
    ui.exitButtons.forEach(function (button) {
      var lights = button.querySelectorAll(".sc-exit__light");
      for (var i = 0; i < lights.length; i += 1) {
        lights[i].classList.toggle("sc-exit__light--on", i < state.shiftCount);
      }
      button.classList.toggle("sc-exit__button--counting", state.shiftCount > 0);
    });
  }

  function resetShift(announce) {
    if (state.shiftTimer) {
      clearTimeout(state.shiftTimer);
      state.shiftTimer = null;
    }
    if (announce && state.shiftCount > 0) {
      ui.exitAnnouncer.textContent = "Exit this page expired.";
    }
    state.shiftCount = 0;
    showShiftCount();
  }

  /** GOV.UK's rule: three presses of Shift alone within 5 seconds. Shift held for a
   *  capital letter (or any other key in between) doesn't count. */
  function onKeyUp(event) {
    if (state.exiting) {
      return;
    }
    if (event.key === "Shift" && !state.lastKeyWasModified) {
      state.shiftCount += 1;
      showShiftCount();
      if (state.shiftCount >= 3) {
        resetShift(false);
        exitPage(null);
        return;
      }
      ui.exitAnnouncer.textContent = "Shift, press " + (3 - state.shiftCount) + " more " + (state.shiftCount === 2 ? "time" : "times") + " to exit.";
      if (state.shiftTimer) {
        clearTimeout(state.shiftTimer);
      }
      state.shiftTimer = setTimeout(function () {
        resetShift(true);
      }, SHIFT_WINDOW_MS);
    } else if (event.key !== "Shift" && state.shiftCount > 0) {
      resetShift(false);
    }
    state.lastKeyWasModified = event.shiftKey;
  }

  function onKeyDown(event) {
    if (event.key === "Escape" && !event.isComposing) {
      exitPage(event);
    }
  }

  // ---------------------------------------------------------------------------------
  // Start.
  // ---------------------------------------------------------------------------------
  function start() {
    ensureStylesheet();
    ensureSafetyBar();
    build();
    trackBarHeight();

    ui.exitButtons.forEach(function (button) {
      button.addEventListener("click", exitPage);
    });
    ui.pageExit.addEventListener("keydown", function (event) {
      if (event.key === " " || event.key === "Spacebar") {
        exitPage(event); // a link that is a button: Space works too (the chat's is a real button)
      }
    });
    document.addEventListener("keydown", onKeyDown, true);
    document.addEventListener("keyup", onKeyUp, true);
    if (smallScreen.addEventListener) {
      smallScreen.addEventListener("change", updateInert);
    }
    if (window.visualViewport) {
      window.visualViewport.addEventListener("resize", fitToScreen);
      window.visualViewport.addEventListener("scroll", fitToScreen);
    }
    window.addEventListener("resize", fitToScreen);
    // Leaving in any other way (closing the tab, reloading) also ends the conversation.
    window.addEventListener("pagehide", endConversation);
    // A page restored from the back-forward cache starts empty, like a reload.
    window.addEventListener("pageshow", function (event) {
      if (event.persisted && !state.exiting) {
        wipe();
        if (!ui.panel.hidden) {
          closePanel();
        }
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
