"""Place-resolution figures for "Where are you?" (safety/places.py).

Scores the held-out place lists (tests/nlu/places_*.yml), each entry an area id,
`ambiguous` or `unknown`:
  - accuracy on places in the lookup (entries expecting an area or `ambiguous`),
    target >= 0.95;
  - unknown places (abroad, made up, or no place at all) that resolved to an area,
    target 0: a wrong area is worse than asking;
  - the number of force areas in content/local/areas.yml.
Prints the figures and every miss; main() returns 1 when a target is missed. Nothing
here trains or tunes: the lists are measured as they are.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import List, Optional, Tuple

import yaml

from safety.places import PlaceMatch, find_place, gazetteer

ROOT = Path(__file__).resolve().parent.parent
PLACE_SETS = {
    "places_heldout.yml": "held-out list, written before the lookup",
    "places_blind.yml": "blind set 2, written after the misspelling rules changed",
}
TARGET_ACCURACY = 0.95
TARGET_WRONG_AREAS = 0


def outcome(match: Optional[PlaceMatch]) -> str:
    """What the bot would do with a message: an area id, `ambiguous` (ask), `unknown`, or
    `confirm:<area>` for a misspelling, which the bot checks ("Did you mean Watford?")
    before using it (addons/place_extractor.py)."""
    if match is None or (match.area is None and not match.ambiguous):
        return "unknown"
    if match.kind == "misspelling" and match.area:
        return f"confirm:{match.area}"
    return match.area or "ambiguous"


@dataclass
class Score:
    known: int = 0
    known_right: int = 0
    unknown: int = 0
    unknown_given_area: int = 0
    misses: List[Tuple[str, str, str]] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        return self.known_right / self.known if self.known else 0.0


def score(path: Path) -> Score:
    result = Score()
    for row in yaml.safe_load(path.read_text(encoding="utf-8"))["places"]:
        want, got = row["area"], outcome(find_place(row["text"]))
        if want == "unknown":
            result.unknown += 1
            result.unknown_given_area += got not in ("unknown", "ambiguous") and not got.startswith("confirm:")
        else:
            result.known += 1
            result.known_right += got in (want, f"confirm:{want}")  # a right guess is asked about, then used
        if got not in (want, f"confirm:{want}"):
            result.misses.append((row["text"], want, got))
    return result


def main() -> int:
    areas = gazetteer().areas
    forces = sum(1 for a in areas.values() if a.region == "england_wales")
    print(f"Local areas: {len(areas)} ({forces} police force areas in England and Wales, Scotland, Northern Ireland)")
    missed = []
    for name, role in PLACE_SETS.items():
        path = ROOT / "tests" / "nlu" / name
        if not path.exists():
            continue
        result = score(path)
        print(f"{name} ({role})")
        print(
            f"  place-resolution accuracy on places in the lookup  {result.accuracy:.4f} "
            f"({result.known_right}/{result.known}; target >= {TARGET_ACCURACY})"
        )
        print(
            f"  unknown places resolved to an area (wrong)          {result.unknown_given_area} "
            f"of {result.unknown} (target {TARGET_WRONG_AREAS})"
        )
        for text, want, got in result.misses:
            print(f"    miss: {text!r}: expected {want}, got {got}")
        if result.accuracy < TARGET_ACCURACY:
            missed.append(f"{name}: place accuracy {result.accuracy:.4f} < {TARGET_ACCURACY}")
        if result.unknown_given_area > TARGET_WRONG_AREAS:
            missed.append(f"{name}: {result.unknown_given_area} unknown places resolved to an area")
    for problem in missed:
        print(f"FAILED: {problem}", file=sys.stderr)
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
