"""Plug-ins that run inside the Rasa server (not the action server).

Rasa imports this package when it loads the NLU pipeline (danger_net) or the
channels (channels), so every Rasa process that uses this project's config, the
server, `rasa shell` and `rasa test`, gets the action-server guard too.
"""

from addons.action_guard import install as _install_action_guard

_install_action_guard()
