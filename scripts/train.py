"""`make train`: Rasa's own `rasa train`, without one warning per short-answer example.

Rasa warns, for each of the thousands of short-answer examples, that no `utter_`
response matches its retrieval key. The answers come from content/answers/ through the
actions (addons/answer_selector.py), not from Rasa's ResponseSelector, so the warning is
noise that buries real ones. PYTHONWARNINGS can't silence it: Rasa's CLI puts its own
"once" filter for UserWarning in front of every filter at start-up. So the message goes
on Rasa's own list of expected warnings, which it filters after its own.
"""

from __future__ import annotations

import sys
from typing import List

NO_RESPONSE_FOR_KEY = "Your training data contains an example"


def main(argv: List[str]) -> int:
    import rasa.utils.common as common
    from rasa.__main__ import main as rasa_main

    common.EXPECTED_WARNINGS.append((UserWarning, NO_RESPONSE_FOR_KEY))
    sys.argv = ["rasa", "train", *argv]
    rasa_main()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
