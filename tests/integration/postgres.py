"""A throwaway PostgreSQL server for the storage tests (Debian's binaries, never mocked).

Started on 127.0.0.1 on a free port in a temporary data folder, with trust authentication.
``initdb`` refuses to run as root, so as root every tool runs as the ``postgres`` system user.
"""

from __future__ import annotations

import glob
import os
import pwd
import shlex
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest


def postgres_bin() -> Path | None:
    """The newest ``/usr/lib/postgresql/<version>/bin`` that has ``initdb`` and ``pg_ctl``."""
    found = [
        Path(initdb).parent
        for initdb in glob.glob("/usr/lib/postgresql/*/bin/initdb")
        if Path(initdb).with_name("pg_ctl").exists()
    ]
    found.sort(key=lambda path: int(path.parent.name) if path.parent.name.isdigit() else 0)
    return found[-1] if found else None


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class PostgresServer:
    """A PostgreSQL server of the tests: its data folder, port, and how to run its tools."""

    bin_dir: Path
    folder: Path
    port: int
    as_postgres: bool

    @property
    def data_dir(self) -> Path:
        return self.folder / "data"

    def run(self, tool: str, *args: str) -> subprocess.CompletedProcess[str]:
        command = [str(self.bin_dir / tool), *args]
        if self.as_postgres:
            if shutil.which("runuser"):
                command = ["runuser", "-u", "postgres", "--", *command]
            else:
                command = ["su", "postgres", "-s", "/bin/sh", "-c", shlex.join(command)]
        result = subprocess.run(
            command, cwd=self.folder, capture_output=True, text=True, timeout=120, check=False
        )
        if result.returncode != 0:
            raise RuntimeError(
                f"{tool} {' '.join(args)} failed ({result.returncode}):\n"
                f"{result.stdout}\n{result.stderr}\n{self.log()}"
            )
        return result

    def log(self) -> str:
        log = self.folder / "server.log"
        return log.read_text(errors="replace")[-3000:] if log.exists() else ""

    def start(self) -> None:
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.folder} -c fsync=off "
            "-c max_connections=100"
        )
        self.run(
            "pg_ctl", "-D", str(self.data_dir), "-l", str(self.folder / "server.log"),
            "-o", options, "-w", "-t", "60", "start",
        )  # fmt: skip

    def stop(self) -> None:
        self.run("pg_ctl", "-D", str(self.data_dir), "-m", "fast", "-w", "stop")

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def admin(self) -> psycopg.Connection:
        return psycopg.connect(
            host="127.0.0.1", port=self.port, user="postgres", dbname="postgres", autocommit=True
        )

    def create_database(self, name: str) -> str:
        with self.admin() as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def drop_database(self, name: str) -> None:
        with self.admin() as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def start_postgres() -> PostgresServer:
    """Initialise and start a new server in a temporary folder (the caller stops it)."""
    bin_dir = postgres_bin()
    if bin_dir is None:
        reason = (
            "PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin "
            "(install Debian's postgresql package: `make postgresql`)"
        )
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    as_postgres = os.geteuid() == 0
    # Not pytest's tmp_path: its parent folder is private to root, and the server may run as
    # the postgres user.
    folder = Path(tempfile.mkdtemp(prefix="advisor-pg-"))
    if as_postgres:
        user = pwd.getpwnam("postgres")
        os.chown(folder, user.pw_uid, user.pw_gid)
    server = PostgresServer(bin_dir, folder, free_port(), as_postgres)
    server.run(
        "initdb", "-D", str(server.data_dir), "-U", "postgres", "--auth=trust",
        "-E", "UTF8", "--locale=C", "--no-sync",
    )  # fmt: skip
    server.start()
    return server


def remove_server(server: PostgresServer) -> None:
    try:
        server.stop()
    finally:
        shutil.rmtree(server.folder, ignore_errors=True)
