"""Start and stop the bot's processes: one implementation for `make run`, `make shell`,
`make run-scaled`, the benchmark and the tests.

    python -m scripts.stack run            action server, Rasa server, demo site
    python -m scripts.stack run --scaled   plus Redis, and two Rasa replicas
    python -m scripts.stack shell [--debug]

Everything binds to 127.0.0.1. Rasa's HTTP API and the usage figures at /metrics stay
off unless a token is given (RASA_AUTH_TOKEN for `run`; `api_token` for the tests).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional

import yaml

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
MODEL = ROOT / "models" / "current.tar.gz"
HOST = "127.0.0.1"
SITE_ORIGIN = "http://localhost:{port}"


def free_ports(count: int) -> List[int]:
    """Ports nothing is listening on, for running a second stack beside `make run`."""
    sockets = []
    for _ in range(count):
        sock = socket.socket()
        sock.bind((HOST, 0))
        sockets.append(sock)
    ports = [sock.getsockname()[1] for sock in sockets]
    for sock in sockets:
        sock.close()
    return ports


def base_env(**extra: str) -> Dict[str, str]:
    env = dict(os.environ)
    env.update(
        RASA_TELEMETRY_ENABLED="false",
        TF_CPP_MIN_LOG_LEVEL="2",
        SQLALCHEMY_SILENCE_UBER_WARNING="1",
        PYTHONDONTWRITEBYTECODE="1",
        PYTHONPATH=str(ROOT),
        SANIC_HOST=HOST,  # the action server's interface
    )
    env.update(extra)
    return env


@dataclass
class Process:
    name: str
    argv: List[str]
    ready_url: Optional[str]
    env: Dict[str, str]
    log: Optional[Path] = None
    popen: Optional[subprocess.Popen] = None

    def start(self) -> None:
        # The process writes to its own copy of the log file; this one can close.
        with open(self.log, "ab") if self.log else contextlib.nullcontext() as out:
            self.popen = subprocess.Popen(
                self.argv,
                cwd=ROOT,
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT if out else None,
                start_new_session=True,
            )

    def alive(self) -> bool:
        return self.popen is not None and self.popen.poll() is None

    def stop(self, grace: float = 10.0) -> None:
        if not self.alive():
            return
        os.killpg(self.popen.pid, signal.SIGTERM)
        try:
            self.popen.wait(grace)
        except subprocess.TimeoutExpired:
            os.killpg(self.popen.pid, signal.SIGKILL)
            self.popen.wait()

    def pid(self) -> int:
        return self.popen.pid if self.popen else -1


@dataclass
class Stack:
    """The bot's processes, on chosen ports, with logs in `log_dir` or on the terminal."""

    rasa_ports: List[int] = field(default_factory=lambda: [5005])
    action_port: int = 5055
    site_port: Optional[int] = 8000
    redis_port: Optional[int] = None
    record_exp: int = 1800
    api_token: Optional[str] = None
    log_dir: Optional[Path] = None
    env_extra: Dict[str, str] = field(default_factory=dict)
    model: Path = MODEL
    processes: Dict[str, Process] = field(default_factory=dict)
    temp_files: List[str] = field(default_factory=list)

    # --- addresses --------------------------------------------------------------
    def rasa_url(self, replica: int = 0) -> str:
        return f"http://{HOST}:{self.rasa_ports[replica]}"

    def webhook(self, replica: int = 0) -> str:
        return f"{self.rasa_url(replica)}/webhooks/rest/webhook"

    @property
    def site_url(self) -> str:
        return SITE_ORIGIN.format(port=self.site_port)

    @property
    def allowed_origin(self) -> str:
        """The only origin Rasa accepts browser requests from: the site's (SITE_ORIGIN overrides)."""
        return os.environ.get("SITE_ORIGIN") or self.site_url

    # --- processes ----------------------------------------------------------------
    def _add(self, name: str, argv: List[str], ready_url: Optional[str], **env: str) -> Process:
        log = self.log_dir / f"{name}.log" if self.log_dir else None
        process = Process(name, argv, ready_url, base_env(**self.env_extra, **env), log)
        self.processes[name] = process
        return process

    def define(self) -> Stack:
        if self.log_dir:
            self.log_dir.mkdir(parents=True, exist_ok=True)
        if self.redis_port:
            if not shutil.which("redis-server"):
                sys.exit("error: redis-server not found. Install Debian's redis-server (apt-get install redis-server).")
            # No snapshots or append-only file: conversations never touch the disk.
            self._add(
                "redis",
                [
                    "redis-server",
                    "--port",
                    str(self.redis_port),
                    "--bind",
                    HOST,
                    "--save",
                    "",
                    "--appendonly",
                    "no",
                    "--protected-mode",
                    "yes",
                ],
                None,
            )
        self._add(
            "actions",
            [str(VENV_BIN / "python"), "-m", "rasa_sdk", "--actions", "actions", "--port", str(self.action_port)],
            f"http://{HOST}:{self.action_port}/health",
        )
        endpoints = self._endpoints_file()
        for index, port in enumerate(self.rasa_ports):
            argv = [
                str(VENV_BIN / "rasa"),
                "run",
                "--model",
                str(self.model),
                "--port",
                str(port),
                "--interface",
                HOST,
                "--credentials",
                "credentials.yml",
                "--endpoints",
                endpoints,
            ]
            if self.site_port:
                argv += ["--cors", self.allowed_origin]
            if self.api_token:
                argv += ["--enable-api", "--auth-token", self.api_token]
            self._add(f"rasa{index}" if len(self.rasa_ports) > 1 else "rasa", argv, f"{self.rasa_url(index)}/")
        if self.site_port:
            self._add(
                "site",
                [
                    str(VENV_BIN / "python"),
                    "-m",
                    "scripts.serve_site",
                    "--port",
                    str(self.site_port),
                    "--rasa-url",
                    self.rasa_url(0),
                ],
                f"http://{HOST}:{self.site_port}/",
            )
        return self

    def _endpoints_file(self) -> str:
        """endpoints.yml (or the Redis profile) with this stack's ports and expiry."""
        template = ROOT / ("deploy/endpoints.redis.yml" if self.redis_port else "endpoints.yml")
        config = yaml.safe_load(template.read_text())
        config["action_endpoint"]["url"] = f"http://{HOST}:{self.action_port}/webhook"
        config["tracker_store"]["record_exp"] = self.record_exp
        for store in ("tracker_store", "lock_store"):
            if self.redis_port and store in config:
                config[store].update(url=HOST, port=self.redis_port)
        handle, path = tempfile.mkstemp(prefix="endpoints-", suffix=".yml")
        with os.fdopen(handle, "w") as out:
            yaml.safe_dump(config, out)
        self.temp_files.append(path)
        return path

    def start(self, timeout: float = 180.0) -> Stack:
        if not self.model.exists():
            sys.exit(f"error: no trained model at {self.model}. Run: make train")
        if not self.processes:
            self.define()
        for process in self.processes.values():
            if not process.alive():
                process.start()
        self.wait_ready(timeout)
        return self

    def start_one(self, name: str, timeout: float = 180.0) -> None:
        self.processes[name].start()
        self.wait_ready(timeout, [name])

    def wait_ready(self, timeout: float, names: Optional[List[str]] = None) -> None:
        deadline = time.monotonic() + timeout
        for name in names or list(self.processes):
            process = self.processes[name]
            while True:
                if not process.alive():
                    raise RuntimeError(f"{name} stopped while starting; see {process.log or 'the output above'}")
                if self._ready(process):
                    break
                if time.monotonic() > deadline:
                    raise TimeoutError(f"{name} was not ready after {timeout:.0f} s")
                time.sleep(0.3)

    def _ready(self, process: Process) -> bool:
        if process.name == "redis":
            try:
                import redis

                return bool(redis.Redis(host=HOST, port=self.redis_port, socket_timeout=1).ping())
            except Exception:
                return False
        try:
            with urllib.request.urlopen(process.ready_url, timeout=2) as reply:
                return reply.status == 200
        except (urllib.error.URLError, OSError):
            return False

    def stop(self, name: Optional[str] = None) -> None:
        for process in [self.processes[name]] if name else reversed(list(self.processes.values())):
            process.stop()
        if name is None:
            for path in self.temp_files:
                Path(path).unlink(missing_ok=True)

    def __enter__(self) -> Stack:
        return self.start()

    def __exit__(self, *_: object) -> None:
        self.stop()


def _wait_for_ctrl_c(stack: Stack) -> None:
    stopping = []
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stopping.append(True))
    while not stopping:
        dead = [p.name for p in stack.processes.values() if not p.alive()]
        if dead:
            print(f"\n{', '.join(dead)} stopped unexpectedly; stopping the rest.", file=sys.stderr)
            break
        time.sleep(0.5)
    print("\nStopping...")
    stack.stop()


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.stack", description=__doc__.splitlines()[0])
    parser.add_argument("mode", choices=["run", "shell"])
    parser.add_argument("--scaled", action="store_true", help="Redis stores and two Rasa replicas")
    parser.add_argument("--debug", action="store_true", help="shell: show intent and confidence of each message")
    args = parser.parse_args(argv)

    if args.mode == "shell":
        # Quiet for staff: the action server's and Rasa's logs go to .run/, the terminal
        # shows only the conversation (scripts/staff_shell.py). --debug shows everything.
        stack = Stack(site_port=None, rasa_ports=[], log_dir=None if args.debug else ROOT / ".run").define()
        if not args.debug:
            print("Starting the bot for staff testing (about half a minute; logs in .run/)...", flush=True)
        stack.start()
        try:
            model = ["--model", str(MODEL), "--endpoints", stack._endpoints_file()]
            if args.debug:
                shell = [str(VENV_BIN / "rasa"), "shell", *model, "--debug"]
            else:
                shell = [str(VENV_BIN / "python"), "-m", "scripts.staff_shell", *model]
            return subprocess.call(shell, cwd=ROOT, env=base_env(PYTHONWARNINGS="ignore"))
        finally:
            stack.stop()

    token = os.environ.get("RASA_AUTH_TOKEN") or None
    stack = Stack(rasa_ports=[5005, 5006], redis_port=6380, api_token=token) if args.scaled else Stack(api_token=token)
    print("Starting the action server, the Rasa server and the demo site (about half a minute)...")
    stack.start()
    replicas = "\n".join(
        f"  Rasa replica {i + 1}:          {stack.webhook(i)}" for i in range(1, len(stack.rasa_ports))
    )
    metrics = f"  Usage figures:           {stack.rasa_url(0)}/metrics (each replica has its own)\n" if token else ""
    print(
        "\nThe bot is ready.\n"
        f"  Chat on the demo site:   {stack.site_url}\n"
        f"  REST channel:            {stack.webhook(0)}\n"
        f"{replicas + chr(10) if replicas else ''}"
        f"  Action server:           http://{HOST}:{stack.action_port}\n"
        f"{'  Redis (no disk):         ' + HOST + ':' + str(stack.redis_port) + chr(10) if stack.redis_port else ''}"
        f"{metrics}"
        "Press Ctrl-C to stop.\n",
        flush=True,
    )
    _wait_for_ctrl_c(stack)
    return 0


if __name__ == "__main__":
    sys.exit(main())
