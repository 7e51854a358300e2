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
 *     assistant can't be reached;
 *   - has a Cymraeg / English switch, kept in memory only like everything else: in Welsh the
 *     safety bar, Exit, the chat's own labels (content/widget_labels.yml) and the greeting and
 *     danger answers are Welsh, and every message asks the server for Welsh ("language": "cy").
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
  var SVG_NS = "http://www.w3.org/2000/svg";

  var scriptUrl = new URL(script.src, document.baseURI);
  var rasaUrl = (script.getAttribute("data-rasa-url") || "").replace(/\/+$/, "");
  var webhookUrl = rasaUrl + "/webhooks/rest/webhook";
  var safetyUrl = new URL("safety.json", scriptUrl).href;

  // ---------------------------------------------------------------------------------
  // State: memory only. Exit and reload throw all of it away.
  // ---------------------------------------------------------------------------------
  var state = {
    language: "en", // "cy" while the Cymraeg switch is on
    pageLine: null, // the page's own safety line, as the page wrote it
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
  // The widget's own wording, in English and Welsh. It is content: it lives in
  // content/widget_labels.yml (with its review dates and draft status) and is copied here,
  // so the widget stays one script with no build step and Exit is labelled even when
  // nothing else can be fetched. A unit test fails while this copy is out of date.
  // ---------------------------------------------------------------------------------
  // BEGIN LABELS: made from content/widget_labels.yml by `make widget-labels`. Do not edit here.
  var LABELS = {
    "en": {
      "language_name": "English",
      "launcher": "Chat with our safety assistant",
      "chat_region": "Safety assistant chat",
      "title": "Safety assistant",
      "note": "Automated, not a person. Not saved on this device.",
      "close": "Close chat",
      "conversation": "Conversation",
      "typing": "The assistant is typing",
      "input_label": "Type your message",
      "placeholder": "Type your question",
      "send": "Send",
      "foot": "To leave quickly, press Esc or use Exit this page.",
      "foot_touch": "To leave quickly, use Exit this page.",
      "unreachable": "Sorry, the assistant can't be reached right now.",
      "safety_region": "Safety information",
      "safety_line_default": "In danger now? Call the emergency services.",
      "exit": "Exit this page",
      "exit_name": "Emergency Exit this page",
      "shift_two_more": "Shift, press 2 more times to exit.",
      "shift_one_more": "Shift, press 1 more time to exit.",
      "shift_expired": "Exit this page expired.",
      "you": "You:",
      "assistant": "Assistant:",
      "suggested_replies": "Suggested replies",
      "new_tab": "(opens in a new tab)",
      "source_one": "Source: {name}",
      "source_many": "Source: {name} and {count} more",
      "reviewed": "{source} · reviewed {date}",
      "loading": "Loading"
    },
    "cy": {
      "language_name": "Cymraeg",
      "launcher": "Sgwrsio â'n cynorthwyydd diogelwch",
      "chat_region": "Sgwrs y cynorthwyydd diogelwch",
      "title": "Cynorthwyydd diogelwch",
      "note": "Awtomatig, nid person. Nid yw'n cael ei gadw ar y ddyfais hon.",
      "close": "Cau'r sgwrs",
      "conversation": "Sgwrs",
      "typing": "Mae'r cynorthwyydd yn teipio",
      "input_label": "Teipiwch eich neges",
      "placeholder": "Teipiwch eich cwestiwn",
      "send": "Anfon",
      "foot": "I adael yn gyflym, pwyswch Esc neu defnyddiwch Gadael y dudalen hon.",
      "foot_touch": "I adael yn gyflym, defnyddiwch Gadael y dudalen hon.",
      "unreachable": "Mae'n ddrwg gennym, does dim modd cysylltu â'r cynorthwyydd ar hyn o bryd.",
      "safety_region": "Gwybodaeth diogelwch",
      "safety_line_default": "Mewn perygl nawr? Ffoniwch y gwasanaethau brys.",
      "exit": "Gadael y dudalen hon",
      "exit_name": "Gadael y dudalen hon mewn argyfwng",
      "shift_two_more": "Shift, pwyswch ddwywaith eto i adael.",
      "shift_one_more": "Shift, pwyswch unwaith eto i adael.",
      "shift_expired": "Daeth Gadael y dudalen hon i ben.",
      "you": "Chi:",
      "assistant": "Cynorthwyydd:",
      "suggested_replies": "Atebion a awgrymir",
      "new_tab": "(yn agor mewn tab newydd)",
      "source_one": "Ffynhonnell: {name}",
      "source_many": "Ffynhonnell: {name} a {count} arall",
      "reviewed": "{source} · adolygwyd {date}",
      "loading": "Yn llwytho"
    }
  };
  // END LABELS

  /** A label in the chat's language (or in `language`); {values} filled in from `values`. */
  function label(name, values, language) {
    return LABELS[language || state.language][name].replace(/\{([a-z_]+)\}/g, function (whole, key) {
      return values && Object.prototype.hasOwnProperty.call(values, key) ? String(values[key]) : whole;
    });
  }

  // Everything that shows a label, to relabel when the language changes.
  var labelled = [];

  /** Give `node` the label `name` now and whenever the language changes: as its text, or as
   *  the attribute `attribute`. */
  function labelWith(node, name, attribute) {
    labelled.push({ node: node, name: name, attribute: attribute || null });
    return setLabel(node, name, attribute);
  }

  function setLabel(node, name, attribute) {
    if (attribute) {
      node.setAttribute(attribute, label(name));
    } else {
      node.textContent = label(name);
    }
    return node;
  }

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

  function hiddenText(text, language) {
    return el("span", { class: "sc-visually-hidden", lang: language || null }, text);
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

  var dateFormats = {};

  /** "2026-11-28" -> "28 Nov 2026" (or "28 Tach 2026" in Welsh); null if it isn't an ISO date. */
  function formatDate(iso) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(typeof iso === "string" ? iso : "");
    if (!m) {
      return null;
    }
    var locale = state.language + "-GB";
    if (!dateFormats[locale]) {
      dateFormats[locale] = new Intl.DateTimeFormat(locale, { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
    }
    return dateFormats[locale].format(new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))));
  }

  /** The safety line in English, as safety.json or else the page gives it (with the numbers). */
  function pageSafetyLine() {
    if (state.safety) {
      return state.safety.safetyLine;
    }
    return state.pageLine || label("safety_line_default", null, "en");
  }

  /** The safety line to show in `language`, and the language it is really in: the Welsh line
   *  comes from safety.json, so without it the English line (with its numbers) stays. */
  function safetyLine(language) {
    if (language === "cy" && state.safety && state.safety.safetyLineCy) {
      return { text: state.safety.safetyLineCy, language: "cy" };
    }
    if (language === "cy" && !state.safety && !state.pageLine) {
      return { text: label("safety_line_default", null, "cy"), language: "cy" };
    }
    return { text: pageSafetyLine(), language: "en" };
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
          safetyLineCy: typeof data.safety_line_cy === "string" ? data.safety_line_cy : null,
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
      link.appendChild(hiddenText(" " + label("new_tab"), state.language));
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

  // What the page wrote in its own safety bar, put back when the chat returns to English.
  var pageOriginals = new Map();

  function rememberPage(node) {
    pageOriginals.set(node, {
      children: Array.from(node.childNodes),
      lang: node.getAttribute("lang"),
      name: node.getAttribute("aria-label"),
    });
  }

  function setOrRemove(node, attribute, value) {
    if (value === null || value === undefined) {
      node.removeAttribute(attribute);
    } else {
      node.setAttribute(attribute, value);
    }
  }

  /** The page's own safety bar and exit button; made here if the page has none. */
  function ensureSafetyBar() {
    var bar = document.querySelector("[data-safety-bar]");
    var pageLine = document.querySelector("[data-safety-line]");
    state.hostHasBar = Boolean(bar);
    state.pageLine = pageLine ? pageLine.textContent.trim() : null;
    ui.ownLines = [];
    if (pageLine) {
      rememberPage(pageLine);
      ui.pageLine = pageLine;
    }
    if (!bar) {
      bar = el("div", { class: "sc-safetybar", role: "region", "aria-label": label("safety_region"), "data-safety-bar": true });
      var inner = el("div", { class: "sc-safetybar__inner" });
      var line = el("p", { class: "sc-safetyline", "data-safety-line": true });
      inner.appendChild(line);
      bar.appendChild(inner);
      document.body.insertBefore(bar, document.body.firstChild);
      ui.ownLines.push(line);
    }
    rememberPage(bar);
    var button = document.querySelector("[data-exit-button]");
    if (button) {
      rememberPage(button); // before the lights go in: its words only
    } else {
      var holder = el("div", { class: "sc-exit", "data-exit-this-page": true });
      button = el("a", { href: DEFAULT_EXIT_URL, class: "sc-exit__button", role: "button", draggable: "false", rel: "nofollow noreferrer", "data-exit-button": true });
      holder.appendChild(button);
      bar.querySelector(".sc-safetybar__inner").appendChild(holder);
    }
    button.appendChild(exitLights());
    button.setAttribute("href", exitUrl());
    ui.bar = bar;
    ui.pageExit = button;
    ui.exitButtons = [button];
  }

  /** The words on an Exit button in the chat's language: what is written on it, and the
   *  words only a screen reader hears ("Emergency"), which hold the written ones. */
  function exitWords() {
    var visible = label("exit");
    var name = label("exit_name");
    var at = Math.max(0, name.indexOf(visible)); // content/widget_labels.yml is checked to have it
    var words = [];
    if (at > 0) {
      words.push(hiddenText(name.slice(0, at)));
    }
    words.push(document.createTextNode(visible));
    if (at + visible.length < name.length) {
      words.push(hiddenText(name.slice(at + visible.length)));
    }
    return words;
  }

  /** Relabel an Exit button, keeping its Shift lights; the page's own Exit keeps the page's
   *  words in English. */
  function showExitWords(button) {
    var lights = button.querySelector(".sc-exit__lights");
    var original = pageOriginals.get(button);
    var words = original && state.language === "en" ? original.children : exitWords();
    Array.from(button.childNodes).forEach(function (node) {
      if (node !== lights) {
        button.removeChild(node);
      }
    });
    words.forEach(function (node) {
      button.insertBefore(node, lights);
    });
    if (original) {
      setOrRemove(button, "lang", state.language === "en" ? original.lang : state.language);
    }
  }

  /** Every copy of the safety line in the chat's language. The Welsh line comes from
   *  safety.json (the numbers come from the directory); until it arrives, or if it can't,
   *  the English line stays, marked as English. */
  function showSafetyLines() {
    var line = safetyLine(state.language);
    ui.ownLines.forEach(function (node) {
      node.textContent = line.text;
      node.setAttribute("lang", line.language);
    });
    if (ui.pageLine) {
      var original = pageOriginals.get(ui.pageLine);
      if (line.language === "en") {
        ui.pageLine.replaceChildren.apply(ui.pageLine, original.children);
        setOrRemove(ui.pageLine, "lang", state.language === "en" ? original.lang : "en");
      } else {
        ui.pageLine.textContent = line.text;
        ui.pageLine.setAttribute("lang", line.language);
      }
    }
  }

  /** The chat's own safety line and Exit: shown on small screens, where the open chat covers
   *  the page and its bar, and at every size when the page has no safety bar of its own. */
  function buildSafetyStrip() {
    var strip = el("div", { class: "sc-panel__safety", "data-chat-safety": true });
    var line = el("p", { class: "sc-panel__safetyline", "data-chat-safety-line": true });
    var button = el("button", { type: "button", class: "sc-exit__button sc-panel__exit", "data-chat-exit": true });
    button.appendChild(exitLights());
    strip.appendChild(line);
    strip.appendChild(button);
    ui.ownLines.push(line);
    ui.exitButtons.push(button);
    return strip;
  }

  function build() {
    var root = labelWith(el("div", { class: "sc-widget", role: "region", "data-safety-chat": true }), "chat_region", "aria-label");

    var launcher = el("button", { type: "button", class: "sc-launcher", "aria-expanded": "false", "aria-controls": "sc-panel", "data-chat-launcher": true });
    launcher.appendChild(icon("chat"));
    launcher.appendChild(labelWith(el("span", { class: "sc-launcher__label" }), "launcher"));

    var panel = el("section", { class: "sc-panel", id: "sc-panel", "aria-labelledby": "sc-title", "data-chat-panel": true });
    panel.hidden = true;
    if (!state.hostHasBar) {
      root.classList.add("sc-widget--own-exit");
    }

    var header = el("div", { class: "sc-panel__header" });
    var titles = el("div", { class: "sc-panel__titles" });
    titles.appendChild(labelWith(el("h2", { class: "sc-panel__title", id: "sc-title" }), "title"));
    titles.appendChild(labelWith(el("p", { class: "sc-panel__note" }), "note"));
    // The switch names the other language in that language: "Cymraeg", or "English".
    var languageSwitch = el("button", { type: "button", class: "sc-language", "data-language-switch": true });
    var close = labelWith(el("button", { type: "button", class: "sc-iconbutton", "data-chat-close": true }), "close", "aria-label");
    close.appendChild(icon("close"));
    var actions = el("div", { class: "sc-panel__actions" });
    actions.appendChild(languageSwitch);
    actions.appendChild(close);
    header.appendChild(titles);
    header.appendChild(actions);

    var scroller = el("div", { class: "sc-scroll" });
    var log = labelWith(el("div", { class: "sc-log", role: "log", "aria-live": "polite", "aria-relevant": "additions", "data-chat-log": true }), "conversation", "aria-label");
    var typing = el("div", { class: "sc-typing", role: "status", "data-chat-typing": true });
    var typingInner = el("div", { class: "sc-typing__bubble" });
    typingInner.hidden = true;
    typingInner.appendChild(labelWith(hiddenText(""), "typing"));
    for (var i = 0; i < 3; i += 1) {
      typingInner.appendChild(el("span", { class: "sc-typing__dot", "aria-hidden": "true" }));
    }
    typing.appendChild(typingInner);
    scroller.appendChild(log);
    scroller.appendChild(typing);

    var form = el("form", { class: "sc-form", "data-chat-form": true, novalidate: true });
    form.appendChild(labelWith(el("label", { class: "sc-visually-hidden", for: "sc-input" }), "input_label"));
    var input = labelWith(el("input", {
      id: "sc-input", class: "sc-input", type: "text", autocomplete: "off", autocapitalize: "sentences",
      maxlength: String(MAX_MESSAGE_CHARS), enterkeyhint: "send", "data-chat-input": true,
    }), "placeholder", "placeholder");
    var sendButton = el("button", { type: "submit", class: "sc-send", "data-chat-send": true });
    sendButton.appendChild(icon("send"));
    sendButton.appendChild(labelWith(el("span", { class: "sc-send__label" }), "send"));
    form.appendChild(input);
    form.appendChild(sendButton);

    // A phone has no Esc key: there, the footer names only Exit.
    var touch = window.matchMedia("(pointer: coarse)").matches;
    var foot = labelWith(el("p", { class: "sc-panel__foot" }), touch ? "foot_touch" : "foot");

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
    ui.languageSwitch = languageSwitch;
    ui.exitAnnouncer = announcer;

    launcher.addEventListener("click", openPanel);
    close.addEventListener("click", closePanel);
    languageSwitch.addEventListener("click", switchLanguage);
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

  // ---------------------------------------------------------------------------------
  // Cymraeg / English. The choice is in memory only (no storage, no cookie, no address):
  // a reload or Exit starts again in English.
  // ---------------------------------------------------------------------------------
  /** Show the safety bar, Exit and the chat's own labels in the chat's language, each
   *  marked with the language it is in. */
  function showLanguage() {
    var welsh = state.language === "cy";
    labelled.forEach(function (item) {
      setLabel(item.node, item.name, item.attribute);
    });
    setOrRemove(ui.root, "lang", welsh ? "cy" : null);
    var other = welsh ? "en" : "cy";
    ui.languageSwitch.textContent = label("language_name", null, other);
    ui.languageSwitch.setAttribute("lang", other);
    var bar = pageOriginals.get(ui.bar);
    setOrRemove(ui.bar, "lang", welsh ? "cy" : bar.lang);
    if (bar.name) {
      ui.bar.setAttribute("aria-label", welsh ? label("safety_region") : bar.name);
    }
    ui.exitButtons.forEach(showExitWords);
    showSafetyLines();
  }

  /** The switch: relabel everything, and greet again in the new language, so the bot's
   *  answers (and what it says it can answer in Welsh) follow at once. */
  function switchLanguage() {
    state.language = state.language === "cy" ? "en" : "cy";
    showLanguage();
    send("/greet", null);
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

  /** The quick exit never depends on the host page's layout: whenever the page's own bar is
   *  not wholly on screen (a bar that scrolls away, a phone turned sideways, a box that
   *  scrolls instead of the page), the open chat shows its own Exit and safety line. */
  function watchPageBar() {
    if (!state.hostHasBar || !window.IntersectionObserver) {
      return;
    }
    new IntersectionObserver(
      function (seen) {
        var whole = seen[seen.length - 1].intersectionRatio >= 0.99;
        ui.root.classList.toggle("sc-widget--bar-hidden", !whole);
      },
      { threshold: [0, 0.99, 1] }
    ).observe(ui.bar);
  }

  // ---------------------------------------------------------------------------------
  // The conversation.
  // ---------------------------------------------------------------------------------
  function scrollToEnd() {
    ui.scroller.scrollTop = ui.scroller.scrollHeight;
  }

  /** Show the start of a new answer, under the question it answers: long advice is
   *  read from the top. The question stays in view only if the answer's first bubble,
   *  which holds the fact, still fits whole beside it (on a small phone it may not). */
  function scrollToShow(node) {
    var before = node.previousElementSibling;
    var first = node.querySelector(".sc-bubble") || node;
    if (before && before.getAttribute("data-role") === "user" &&
        node.offsetTop - before.offsetTop < ui.scroller.clientHeight / 3 &&
        node.offsetTop + first.offsetHeight - before.offsetTop <= ui.scroller.clientHeight - 24) {
      node = before;
    }
    var top = node.offsetTop - ui.scroller.offsetTop - 12;
    ui.scroller.scrollTop = Math.max(0, Math.min(top, ui.scroller.scrollHeight));
  }

  function addUserMessage(text) {
    var row = el("div", { class: "sc-msg sc-msg--user", "data-role": "user" });
    var bubble = el("p", { class: "sc-bubble" });
    bubble.appendChild(hiddenText(label("you") + " "));
    bubble.appendChild(document.createTextNode(text));
    row.appendChild(bubble);
    ui.log.appendChild(row);
    scrollToEnd();
  }

  /** A group of bubbles from the bot, marked with the language its words are in. */
  function newBotGroup(guidanceId, language) {
    var row = el("div", { class: "sc-msg sc-msg--bot", "data-role": "bot", "data-guidance-id": guidanceId || null, lang: language });
    if (guidanceId === "safety_fallback") {
      row.classList.add("sc-msg--alert");
      row.setAttribute("data-alert", "fallback");
    }
    ui.log.appendChild(row);
    return { row: row, guidanceId: guidanceId, bubbles: 0, sourced: false };
  }

  function addBubble(group, text, language) {
    var bubble = el("p", { class: "sc-bubble", lang: language || null });
    if (group.bubbles === 0) {
      bubble.appendChild(hiddenText(label("assistant") + " ", state.language));
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
    var text = label(sources.length > 1 ? "source_many" : "source_one", { name: sources[0].name, count: sources.length - 1 });
    var reviewed = formatDate(custom.reviewed_on);
    if (reviewed) {
      text = label("reviewed", { source: text, date: reviewed });
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
    var holder = el("div", { class: "sc-replies", role: "group", "aria-label": label("suggested_replies"), lang: state.language, "data-chat-replies": true });
    valid.forEach(function (b) {
      // Topic buttons are written in English (content/topics.yml), under Welsh answers too.
      var button = el("button", { type: "button", class: "sc-reply", lang: "en" }, b.title);
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
        group = newBotGroup(gid, custom && custom.language === "cy" ? "cy" : "en");
        first = first || group.row;
      }
      if (typeof message.text === "string" && message.text.trim()) {
        addBubble(group, message.text);
      }
      var isLastPart = custom && (!(Number(custom.parts) > 1) || Number(custom.part) === Number(custom.parts));
      if (custom && isLastPart && !group.sourced) {
        var line = sourceLine(custom);
        if (line) {
          group.row.appendChild(el("p", { class: "sc-source", lang: state.language, "data-chat-source": true }, line));
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
    var group = newBotGroup(null, state.language);
    group.row.classList.add("sc-msg--alert");
    group.row.setAttribute("data-alert", "unreachable");
    var heading = el("p", { class: "sc-bubble sc-alert__title" });
    heading.appendChild(icon("alert"));
    heading.appendChild(hiddenText(label("assistant") + " "));
    heading.appendChild(document.createTextNode(label("unreachable")));
    group.row.appendChild(heading);
    group.bubbles += 1;
    // In Welsh the Welsh safety line comes first; the fuller fallback is English.
    var lines = [];
    if (state.language === "cy" && safety && safety.safetyLineCy) {
      lines.push({ text: safety.safetyLineCy, language: "cy" });
    }
    if (safety && safety.fallback.length) {
      safety.fallback.forEach(function (text) {
        lines.push({ text: text, language: "en" });
      });
    } else {
      lines.push(safetyLine(state.language));
    }
    lines.forEach(function (line) {
      addBubble(group, line.text, line.language);
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

  /** What is posted for one message: with "language": "cy" while the chat is in Welsh, so
   *  the server answers in Welsh where it has vetted Welsh (addons/channels.py). */
  function messageBody(sender, message, language) {
    var body = { sender: sender, message: message };
    if (language === "cy") {
      body.language = "cy";
    }
    return body;
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

  function exchange(message, language) {
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
    return post(messageBody(sender, message, language), { headers: { "Content-Type": "application/json" }, signal: controller.signal })
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
    var language = state.language; // the language it was written in, even if switched while it waits
    state.queue = state.queue.then(function () {
      return exchange(message, language);
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
  function endConversation(byExit) {
    var sender = state.senderId;
    state.senderId = null;
    if (!sender) {
      return;
    }
    var body = messageBody(sender, "/restart", state.language);
    if (byExit === true) {
      body.ended_by = "exit"; // the usage counters tell Exit from closing the page; nothing else
    }
    try {
      post(body, { keepalive: true, headers: { "Content-Type": "text/plain;charset=UTF-8" } })
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
    endConversation(true);
    wipe();
    state.exiting = true;
    state.safety = null;
    state.linkTargets = [];
    // Blank the page at once, then replace it in the history so Back can't return here.
    document.documentElement.classList.add("sc-exiting");
    document.title = label("loading");
    document.body.replaceChildren();
    state.language = "en";
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
      ui.exitAnnouncer.textContent = label("shift_expired");
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
      ui.exitAnnouncer.textContent = label(state.shiftCount === 2 ? "shift_one_more" : "shift_two_more");
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
    showLanguage();
    safetyReady.then(showSafetyLines);
    trackBarHeight();
    watchPageBar();

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
        if (state.language !== "en") {
          state.language = "en";
          showLanguage();
        }
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
