"""Recording a sign-off in the content file: signed_off_by, signed_off_on and
signed_off_hash, written into the entry's or answer's own lines.

The file's text is edited, not re-dumped, so its comments, quoting, folding and order
stay as the editor wrote them. The fields go after `reviewed_by:` (or replace the ones a
previous sign-off wrote). Every edit is checked by reading the file back, and the whole
content by loading it, before anything is kept: a sign-off never leaves a broken file.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Iterable, List, Optional

import yaml

from safety.content.loader import load
from safety.content.review import SIGNED
from safety.content.schema import looks_private

FIELDS = ("signed_off_by", "signed_off_on", "signed_off_hash")
KEY = re.compile(r"^(\s*)(?:- )?([A-Za-z_][\w]*):")


class SignOffError(ValueError):
    """The sign-off can't be recorded; nothing was written."""


@dataclass
class Recorded:
    item_id: str
    path: Path
    content_hash: str


def check_role(role: str) -> str:
    """A role ("Safeguarding lead"), never a person's contact details."""
    role = role.strip()
    if not role:
        raise SignOffError('give the role that signs off, for example ROLE="Safeguarding lead"')
    if looks_private(role):
        raise SignOffError("give a role, not an email address or a number: the content files are public")
    return role


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _block(lines: List[str], item_id: str, is_answer: bool) -> tuple[int, int, int]:
    """Where an item's lines are (start, end) and the indent of its keys."""
    if not is_answer:
        return 0, len(lines), 0
    for start, line in enumerate(lines):
        match = re.match(r"^(\s*)- id:\s*['\"]?([\w]+)['\"]?\s*(?:#.*)?$", line)
        if match and match.group(2) == item_id:
            dash = len(match.group(1))
            end = start + 1
            while end < len(lines):
                text = lines[end]
                if text.strip() and not text.lstrip().startswith("#") and _indent(text) <= dash:
                    break
                end += 1
            while end > start + 1 and not lines[end - 1].strip():  # leave the blank line between answers outside
                end -= 1
            return start, end, dash + 2
    raise SignOffError(f"no answer with id {item_id}")


def _value_end(lines: List[str], index: int, indent: int, end: int) -> int:
    """The line after a key's value, which may go on over more deeply indented lines."""
    after = index + 1
    while after < end and (not lines[after].strip() or _indent(lines[after]) > indent):
        after += 1
    while after > index + 1 and not lines[after - 1].strip():
        after -= 1
    return after


def set_fields(text: str, item_id: str, is_answer: bool, values: Dict[str, str]) -> str:
    """The file's text with the item's sign-off fields set to `values` (already YAML)."""
    lines = text.split("\n")
    start, end, indent = _block(lines, item_id, is_answer)
    keys: Dict[str, int] = {}
    for index in range(start, end):
        match = KEY.match(lines[index])
        if match and (len(match.group(1)) + (2 if lines[index].lstrip().startswith("- ") else 0)) == indent:
            keys.setdefault(match.group(2), index)
    new = [f"{' ' * indent}{name}: {values[name]}" for name in FIELDS]
    present = sorted((keys[name] for name in FIELDS if name in keys), reverse=True)
    if present:
        at = min(present)
        for index in present:  # drop the old fields, then write all three where the first was
            del lines[index : _value_end(lines, index, indent, end)]
        lines[at:at] = new
    else:
        if "reviewed_by" not in keys:
            raise SignOffError(f"{item_id} has no reviewed_by line to put the sign-off after")
        after = _value_end(lines, keys["reviewed_by"], indent, end)
        lines[after:after] = new
    return "\n".join(lines)


def _read_back(text: str, item_ids: List[str], is_answer: bool) -> Dict[str, Dict[str, object]]:
    data = yaml.safe_load(text)
    items = {a.get("id"): a for a in data["answers"]} if is_answer else {data.get("id"): data}
    return {i: {name: items.get(i, {}).get(name) for name in FIELDS} for i in item_ids}


def record(
    root: Path, item_ids: Iterable[str], role: str, on: Optional[dt.date] = None, expected_hash: Optional[str] = None
) -> List[Recorded]:
    """Sign off items in the content at `root` against what a user sees from them now.

    With `expected_hash` (one item: the hash printed in the review pack that was read),
    refuse if the item has changed since that pack was made."""
    role = check_role(role)
    on = on or dt.date.today()
    lib = load(root)
    item_ids = list(dict.fromkeys(item_ids))
    unknown = [i for i in item_ids if i not in lib.entries and i not in lib.answers]
    if unknown:
        raise SignOffError(f"not an entry or answer id: {', '.join(unknown)}")
    if expected_hash is not None:
        if len(item_ids) != 1:
            raise SignOffError("give one item with HASH")
        wanted_hash = re.sub(r"\s", "", expected_hash).lower()
        if lib.content_hash(item_ids[0]) != wanted_hash:
            raise SignOffError(
                f"{item_ids[0]} has changed since the pack with hash {wanted_hash} was made: "
                f"it is now {lib.content_hash(item_ids[0])}. Read the new wording before signing"
            )
    originals: Dict[Path, str] = {}
    texts: Dict[Path, str] = {}
    expected: Dict[Path, Dict[str, Dict[str, object]]] = {}
    for item_id in item_ids:
        path = lib.paths[item_id]
        originals.setdefault(path, path.read_text(encoding="utf-8"))
        values = {
            "signed_off_by": json.dumps(role, ensure_ascii=False),
            "signed_off_on": on.isoformat(),
            "signed_off_hash": json.dumps(lib.content_hash(item_id)),
        }
        texts[path] = set_fields(texts.get(path, originals[path]), item_id, item_id in lib.answers, values)
        expected.setdefault(path, {})[item_id] = {
            "signed_off_by": role,
            "signed_off_on": on,
            "signed_off_hash": lib.content_hash(item_id),
        }
    for path, wanted in expected.items():
        if _read_back(texts[path], list(wanted), next(iter(wanted)) in lib.answers) != wanted:
            raise SignOffError(f"{path}: the sign-off did not read back as written; nothing was changed")
    done = [Recorded(i, lib.paths[i], lib.content_hash(i)) for i in item_ids]
    for path, text in texts.items():
        path.write_text(text, encoding="utf-8")
    try:
        after = load(root)
        wrong = [i for i in item_ids if after.sign_off_state(i) != SIGNED]
        if wrong:
            raise SignOffError(f"not signed after writing: {', '.join(wrong)}")
    except Exception:
        for path, text in originals.items():
            path.write_text(text, encoding="utf-8")
        raise
    return done
