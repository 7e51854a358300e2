// ESLint for the chat widget (make lint): plain browser JavaScript, loaded as a classic
// <script>, no build step. ESLint and these two packages are pinned in
// tests/browser/package-lock.json and installed there (scripts/ensure-node-deps).
import { createRequire } from "node:module";

const require = createRequire(new URL("./tests/browser/package.json", import.meta.url));
const js = require("@eslint/js");
const globals = require("globals");

// Leave no trace (README, safety rule 4): nothing may reach the browser's storage.
const STORAGE = ["localStorage", "sessionStorage", "indexedDB", "caches"];
const NO_TRACE = "the widget keeps the conversation in memory only (safety rule 4)";
// Text a user types is never rendered as HTML: the widget builds text nodes.
const HTML_SINKS = ["innerHTML", "outerHTML", "insertAdjacentHTML"];
const NO_HTML = "build text nodes: text a user types is never rendered as HTML (safety rule 4)";

export default [
  js.configs.recommended,
  {
    files: ["**/*.js"],
    languageOptions: {
      // ES5 syntax, as the widget is written: a browser lacking a newer feature fails in the one
      // function that uses it, but newer syntax would stop the whole script, Exit button and all.
      ecmaVersion: 5,
      sourceType: "script",
      globals: { ...globals.es2015, ...globals.browser },
    },
    rules: {
      // ES5 has no `catch {}`: an error a page can do nothing about is caught as `catch (e)`.
      "no-unused-vars": ["error", { caughtErrors: "none" }],
      "no-restricted-globals": ["error", ...STORAGE.map((name) => ({ name, message: NO_TRACE }))],
      "no-restricted-properties": [
        "error",
        ...STORAGE.map((property) => ({ object: "window", property, message: NO_TRACE })),
        { object: "document", property: "cookie", message: NO_TRACE },
        { object: "document", property: "write", message: NO_HTML },
        ...HTML_SINKS.map((property) => ({ property, message: NO_HTML })),
      ],
    },
  },
];
