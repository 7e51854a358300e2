"""Record that an entry or answer was signed off, in its content file.

    make sign-off ITEM=silent_solution ROLE="Safeguarding lead" HASH="7cbe 696c 82d1 1975"
    make sign-off ITEM="press_55_location not_pressing_55" ROLE="Safeguarding lead"
    make sign-off TOPIC=silent_solution ROLE="Safeguarding lead" ON=2026-12-01

Writes signed_off_by (the role), signed_off_on (today, or ON) and signed_off_hash (the
content hash of what a user sees from it now) into the item's YAML, keeping the file's
comments and layout. HASH, the hash printed in the review pack that was read, makes sure
the wording has not changed since; give it when signing one item from a paper pack.
TOPIC signs a topic's entries and answers, as grouped in the review pack.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
from pathlib import Path
from typing import List, Sequence

from safety.content import CONTENT_DIR, ContentError, load
from safety.content.review import topics
from safety.content.signoff import SignOffError, record


def _ids(text: str) -> List[str]:
    return [i for i in re.split(r"[\s,]+", text or "") if i]


def main(argv: Sequence[str] = ()) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--item", default="", help="entry or answer ids, separated by spaces or commas")
    parser.add_argument("--topic", default="", help="a topic id: every entry and answer under it in the pack")
    parser.add_argument("--role", default="", help='the role that signed, e.g. "Safeguarding lead"')
    parser.add_argument("--hash", default=None, help="the content hash in the review pack that was signed")
    parser.add_argument("--on", type=dt.date.fromisoformat, default=None, help="the date signed (default today)")
    parser.add_argument("--content", type=Path, default=CONTENT_DIR)
    args = parser.parse_args(list(argv))
    item_ids = _ids(args.item)
    try:
        if args.topic:
            groups = {t.id: t.items for t in topics(load(args.content))}
            if args.topic not in groups:
                raise SignOffError(f"no topic {args.topic}; the topics are: {', '.join(groups)}")
            item_ids += groups[args.topic]
        if not item_ids:
            raise SignOffError("say what was signed: ITEM=<id> or TOPIC=<topic>")
        done = record(args.content, item_ids, args.role, args.on, args.hash)
    except (SignOffError, ContentError) as exc:
        print(f"Not signed off: {exc}", file=sys.stderr)
        return 1
    for recorded in done:
        print(f"signed off {recorded.item_id} (hash {recorded.content_hash}) in {recorded.path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
