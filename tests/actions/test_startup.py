"""The action server refuses to start with a broken content file, and says where."""

import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from safety.content import CONTENT_DIR
from scripts.stack import base_env, free_ports


def test_a_broken_content_file_stops_the_action_server_naming_file_and_field(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, content)
    entry = content / "guidance" / "evidence.yml"
    data = yaml.safe_load(entry.read_text())
    del data["sources"]
    entry.write_text(yaml.safe_dump(data))
    [port] = free_ports(1)
    started = subprocess.run(
        [sys.executable, "-m", "rasa_sdk", "--actions", "actions", "--port", str(port)],
        cwd=CONTENT_DIR.parent,
        env=base_env(SAFETY_CONTENT_DIR=str(content)),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert started.returncode != 0
    assert "evidence.yml: sources: is missing" in started.stdout + started.stderr
