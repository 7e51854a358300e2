"""Cross-checking the register of sources against the project's fact base.

The fact base (../shared/reference/*.md beside the checkout, or wherever FACT_BASE_DIR
points) is where every fact was read. Each register entry says how the fact base cites
it; this module confirms that each citation is really there, that the address is the
cited page (or the page of the cited law), and that every directory number is written
as the fact base writes it. A clone with no fact base beside it still runs every other
check: the register is how it proves its sources on its own.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Dict, List, Mapping, Optional

from safety.content.library import Library
from safety.content.loader import CONTENT_DIR
from safety.content.schema import FACT_BASE_FILES, RegisterSource
from safety.content.wording import digits


class FactBaseError(Exception):
    """A fact base that is there in part, or not where FACT_BASE_DIR says: a mistake to
    report, never a reason to skip the cross-check quietly."""


def reference_dir() -> Optional[Path]:
    """The fact base, if this checkout has one beside it (None when there is no folder at all)."""
    configured = os.environ.get("FACT_BASE_DIR")
    found = Path(configured) if configured else CONTENT_DIR.parent.parent / "shared" / "reference"
    if not configured and not found.is_dir():
        return None
    missing = [name for name in FACT_BASE_FILES.values() if not (found / name).is_file()]
    if missing:
        where = f"FACT_BASE_DIR={configured}" if configured else str(found)
        raise FactBaseError(f"the fact base at {where} lacks {', '.join(missing)}")
    return found


def read_fact_base(directory: Path) -> Dict[str, str]:
    return {key: (directory / name).read_text(encoding="utf-8") for key, name in FACT_BASE_FILES.items()}


def address(url_or_citation: str) -> str:
    """An address in one comparable shape: no scheme, no www., no trailing slash or ellipsis.
    A citation written with a space ("legislation.gov.uk asp/2010/13 s39") becomes a path."""
    text = re.sub(r"^https?://", "", url_or_citation.strip()).replace("…", "")
    parts = text.split()
    if len(parts) > 1 and "/" in parts[1] and "/" not in parts[0]:
        text = f"{parts[0]}/{parts[1]}"
    else:
        text = parts[0] if parts else ""
    text = re.sub(r"^www\.", "", text)
    return text.rstrip("/").lower()


def host(text: str) -> str:
    return re.split(r"[/;,()]", address(text))[0]


def law(text: str) -> Optional[str]:
    """The act a legislation.gov.uk address belongs to (type/year/number), so that a
    section's page counts as the law the fact base cites."""
    match = re.match(r"^legislation\.gov\.uk/(?:id/)?([a-z]+/\d{4}/\d+)", address(text))
    return match.group(1) if match else None


_NOT_NAME = {
    *("council", "the", "and", "of", "own", "site", "constabulary", "police", "borough", "county", "city"),
    *("press", "release", "news"),  # "kentpcc press release": what kind of page, not whose
}


def _names_the_site(cites: str, url: str) -> bool:
    """A citation by organisation name whose distinctive words all appear in the page's host."""
    if "." in cites.split("(")[0]:
        return False
    words = [w for w in re.findall(r"[a-z]+", cites.split("(")[0].lower()) if w not in _NOT_NAME]
    site = host(url).replace("-", "")  # "kentpcc" names kent-pcc.gov.uk
    return bool(words) and all(w in site for w in words)


def register_problems(register: Mapping[str, RegisterSource], facts: Mapping[str, str]) -> List[str]:
    """Every way the register disagrees with the fact base; empty when it agrees."""
    found = []
    for source_id, source in register.items():
        url = address(source.url)
        matched = False
        for citation in source.fact_base:
            text = facts[citation.file]
            if citation.cites not in text:
                found.append(f"{source_id}: '{citation.cites}' is not in {FACT_BASE_FILES[citation.file]}")
                continue
            cited = address(citation.cites)
            head, _, tail = citation.cites.partition("…/")
            if tail and "/" in head:  # "site.uk/news/…/2024/page/": the parts either side of the gap
                if url.startswith(address(head)) and url.endswith(address(f"x/{tail}").split("/", 1)[1]):
                    matched = True
            elif ("/" in cited and (url.startswith(cited) or cited.startswith(url))) or (
                law(cited) and law(cited) == law(url)
            ):
                matched = True
            elif host(citation.cites) == host(url) and "/" not in cited.split(";")[0]:
                matched = True  # the site the fact base names; the register gives the page found on it
            elif source.found_by == "research" and _names_the_site(citation.cites, url):
                matched = True  # "Bracknell Forest Council": the organisation, not its address
        if not matched:
            found.append(f"{source_id}: {source.url} is not an address the fact base cites for it")
    return found


def directory_problems(library: Library, facts: Mapping[str, str]) -> List[str]:
    """Directory numbers written as the fact base writes them; retired numbers really retired there."""
    everything = "\n".join(facts.values())
    found = [
        f"services.{service_id}.phone '{service.phone}' is not written that way in the fact base"
        for service_id, service in library.services.items()
        if service.phone and service.phone not in everything
    ]
    found += [
        f"retired number {number} is not in the fact base"
        for number in library.retired_numbers
        if number not in digits(everything)
    ]
    return found


# The fact base tags each fact after its sources: "(site.uk/page) [CONFIRMED]". The local
# services table writes its status as a bare word in a column.
STATUS_TAG = re.compile(
    r"\[(?:UNCONFIRMED|CONFIRMED|SECONDARY|DATED|conflict)|\b(?:UNCONFIRMED|CONFIRMED|SECONDARY|DATED)\b"
)
DOUBTFUL = ("UNCONFIRMED", "conflict")


def _tag(line: str, start: int, end: int) -> Optional[str]:
    """The status a citation carries: the first tag after it on its line, else the last before it."""
    tags = list(STATUS_TAG.finditer(line))
    after = [m for m in tags if m.start() >= end]
    before = [m for m in tags if m.end() <= start]
    found = after[0] if after else (before[-1] if before else None)
    return found.group(0).lstrip("[") if found else None


def unconfirmed_sources(register: Mapping[str, RegisterSource], facts: Mapping[str, str]) -> Dict[str, str]:
    """Register entries the fact base cites only for facts it tags UNCONFIRMED or in
    conflict, each with the words around the citation that say so. A source cited for one confirmed fact is not
    here: the content must use it for that fact, which the review checks."""
    found: Dict[str, str] = {}
    for source_id, source in register.items():
        doubtful: List[str] = []
        sure = False
        for citation in source.fact_base:
            for line in facts[citation.file].splitlines():
                at = line.find(citation.cites)
                while at >= 0:
                    tag = _tag(line, at, at + len(citation.cites))
                    if tag in DOUBTFUL:
                        start, end = max(0, at - 80), at + len(citation.cites) + 120
                        doubtful.append(
                            ("…" if start else "") + line[start:end].strip() + ("…" if end < len(line) else "")
                        )
                    else:
                        sure = True
                    at = line.find(citation.cites, at + 1)
        if doubtful and not sure:
            found[source_id] = doubtful[0]
    return found
