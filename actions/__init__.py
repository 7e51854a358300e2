"""The action server: thin actions that pick vetted content and send it.

Importing this package reads and checks every content file once, so a broken
file stops the action server starting, with a message naming the file and field.
"""

import datetime as _dt
import logging as _logging

from safety.content import library as _library

_overdue = _library().overdue(_dt.date.today())
if _overdue:
    # Serving stale advice beats serving none at 2 a.m.; the tests block a release instead.
    _logging.getLogger(__name__).warning("Content past its review date: %s", "; ".join(_overdue))
