"""`make shell`: Rasa's own shell, quiet, for staff who test the bot.

Stock `rasa shell` opens with pages of warnings and server logs, and prints a block of
JSON under every bubble. Here warnings and logs go to a file under .run/ (ignored by
git; at the default level they never hold what anyone typed), and each bubble ends
with one line: "Source: … · reviewed … · due …". `make shell ARGS=--debug` runs the
stock shell with its full detail instead (scripts/stack.py).
"""

from __future__ import annotations

import os
import sys
import warnings
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional

ROOT = Path(__file__).resolve().parent.parent
LOG = ROOT / ".run" / "shell.log"


def source_line(custom: Optional[Dict[str, Any]]) -> str:
    """The one line under a bubble: where it comes from and when it is next reviewed."""
    if not custom or not custom.get("sources"):
        return ""
    names = "; ".join(source["name"] for source in custom["sources"][:2])
    more = len(custom["sources"]) - 2
    if more > 0:
        names += f" (+{more} more)"
    return f"Source: {names} · reviewed {custom.get('reviewed_on', '?')} · due {custom.get('review_due', '?')}"


def with_source_line(print_bot_output: Callable[..., Any]) -> Callable[..., Any]:
    """Rasa's shell printer, showing the source line in place of the JSON block."""

    def printed(message: Dict[str, Any], *args: Any, **kwargs: Any) -> Any:
        message = dict(message)
        custom = message.pop("custom", None)
        # Once under an answer, as in the widget: under its last bubble.
        last = not custom or str(custom.get("part", "1")) == str(custom.get("parts", "1"))
        line = source_line(custom) if last else ""
        if line:
            # Over REST, Rasa sends a bubble's payload as a message of its own, after its text.
            message["text"] = f"{message['text']}\n  {line}" if message.get("text") else f"  {line}"
        if not set(message) - {"recipient_id"}:
            return None  # a payload with no sources: nothing for staff to see
        return print_bot_output(message, *args, **kwargs)

    return printed


def _quiet() -> None:
    """Everything but the conversation goes to .run/shell.log: Python warnings, Rasa's
    logs and TensorFlow's C++ messages, which write straight to file descriptor 2."""
    LOG.parent.mkdir(exist_ok=True)
    log = open(LOG, "a", buffering=1)  # noqa: SIM115 (stays open as stderr for the whole session)
    os.dup2(log.fileno(), 2)
    sys.stderr = log
    warnings.simplefilter("ignore")


def main(argv: List[str]) -> int:
    _quiet()
    import rasa.core.channels.console as console
    from rasa.__main__ import main as rasa_main

    console._print_bot_output = with_source_line(console._print_bot_output)
    sys.argv = ["rasa", "shell", *argv]
    rasa_main()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
