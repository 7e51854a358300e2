"""The project's safety core: content library, danger wording and input hygiene.

Plain Python with no Rasa import, so the Rasa server (addons/), the action
server (actions/) and the site server (scripts/) all share one implementation.
"""
