"""The demo support-website: serves web/ on 127.0.0.1, with the widget's safety data.

    python -m scripts.serve_site --port 8000 --rasa-url http://127.0.0.1:5005

`/widget/safety.json` is built from content/ at start-up, so the widget's offline
fallback (999, the Silent Solution, the National Stalking Helpline) and its list of
clickable links come from the one services directory. Every response forbids caching
and third-party requests; nothing a visitor does is logged.
"""

from __future__ import annotations

import argparse
import contextlib
import html
import json
import mimetypes
import re
from functools import partial
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Dict, Tuple
from urllib.parse import urlsplit

from safety.content import library

WEB = Path(__file__).resolve().parent.parent / "web"
RASA_URL_ATTRIBUTE = re.compile(r'data-rasa-url="[^"]*"')
SITE_FIELD = re.compile(r"\{\{site\.(organisation|home_area)\}\}")


def security_headers(rasa_url: str) -> Dict[str, str]:
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(rasa_url))
    return {
        "Content-Security-Policy": (
            "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
            f"connect-src 'self' {origin}; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
        ),
        # Leave no trace in the browser's cache, and tell no other site where the visitor was.
        "Cache-Control": "no-store",
        "Referrer-Policy": "no-referrer",
        "X-Content-Type-Options": "nosniff",
        "Permissions-Policy": "camera=(), microphone=(), geolocation=(), interest-cohort=()",
        "Cross-Origin-Opener-Policy": "same-origin",
    }


def site_fields() -> Dict[str, str]:
    """The host's name and home area from content/site.yml, escaped for HTML: the demo
    page says whose site it is from the one settings file, never written in twice."""
    lib = library()
    if lib.site is None:
        raise RuntimeError("content/site.yml is missing")
    area = lib.areas.get(lib.site.home_area or "")
    return {
        "organisation": html.escape(lib.site.organisation),
        "home_area": html.escape(area.name if area else "the UK"),
    }


def build_files(rasa_url: str) -> Dict[str, Tuple[bytes, str]]:
    """Every file the site serves, read once: path -> (body, content type)."""
    files: Dict[str, Tuple[bytes, str]] = {}
    site = site_fields()
    for path in WEB.rglob("*"):
        if path.is_file():
            url = "/" + path.relative_to(WEB).as_posix()
            body = path.read_bytes()
            if path.suffix == ".html":
                page = RASA_URL_ATTRIBUTE.sub(f'data-rasa-url="{rasa_url}"', body.decode())
                body = SITE_FIELD.sub(lambda m: site[m.group(1)], page).encode()
            kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            files[url] = (
                body,
                kind + ("; charset=utf-8" if kind.startswith("text/") or kind.endswith("javascript") else ""),
            )
    files["/"] = files["/index.html"]
    files["/widget/safety.json"] = (json.dumps(library().widget_safety()).encode(), "application/json")
    return files


class SiteHandler(BaseHTTPRequestHandler):
    server_version = "site"
    sys_version = ""

    def __init__(self, *args, files: Dict[str, Tuple[bytes, str]], headers: Dict[str, str], **kwargs) -> None:
        self.files = files
        self.extra_headers = headers
        super().__init__(*args, **kwargs)

    def do_GET(self) -> None:
        found = self.files.get(urlsplit(self.path).path)
        body, kind = found if found else (b"Not found", "text/plain; charset=utf-8")
        self.send_response(200 if found else 404)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        for name, value in self.extra_headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def do_HEAD(self) -> None:
        self.do_GET()

    def log_message(self, *args: object) -> None:
        """No access log: the pages a frightened person opened are nobody's business."""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--rasa-url", default="http://127.0.0.1:5005")
    args = parser.parse_args()
    handler = partial(SiteHandler, files=build_files(args.rasa_url), headers=security_headers(args.rasa_url))
    server = ThreadingHTTPServer(("127.0.0.1", args.port), handler)
    with contextlib.suppress(KeyboardInterrupt):
        server.serve_forever()


if __name__ == "__main__":
    main()
