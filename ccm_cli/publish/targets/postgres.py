"""The ``postgres`` target: releases in PostgreSQL (psycopg 3), applied in one transaction.

``publish: {prod: {type: postgres, url_env: CCM_PG_URL}}`` — the connection URL comes from the
environment variable ``url_env`` names and is never printed. A publish takes a transaction-level
advisory lock (``pg_try_advisory_xact_lock``, retried until ``--lock-timeout``), so concurrent
publishes serialize; the lock and every uncommitted row vanish if the publisher dies.
"""

from __future__ import annotations

import time

from .base import TargetError
from .sql import SqlTarget

LOCK_KEY = "ccm-publish"


class PostgresTarget(SqlTarget):
    kind = "postgres"
    mark = "%s"
    blob = "BYTEA"
    serial = "BIGSERIAL PRIMARY KEY"

    def __init__(self, name: str, url: str, url_env: str) -> None:
        super().__init__(name)
        self._url = url
        self._url_env = url_env

    @property
    def description(self) -> str:
        return f"postgres: ${self._url_env}"

    def errors(self) -> tuple:
        import psycopg

        return (psycopg.Error,)

    def connect(self, write: bool, lock_timeout: float):
        import psycopg

        try:
            return psycopg.connect(self._url, autocommit=False, connect_timeout=max(int(lock_timeout), 5))
        except psycopg.Error as exc:
            raise TargetError(f"cannot connect to target {self.name} (${self._url_env}): {self._scrub(exc)}") from None

    def lock(self, lock_timeout: float) -> None:
        deadline = time.monotonic() + max(lock_timeout, 0.0)
        while True:
            got = self.conn.execute("SELECT pg_try_advisory_xact_lock(hashtext(%s))", (LOCK_KEY,)).fetchone()[0]
            if got:
                return
            if time.monotonic() >= deadline:
                raise TargetError(f"another publish holds the lock on target {self.name} (waited {lock_timeout:g}s); try again when it has finished")
            time.sleep(0.1)

    def has_tables(self) -> bool:
        return self.conn.execute("SELECT to_regclass('ccm_current') IS NOT NULL").fetchone()[0]

    def _scrub(self, exc: BaseException) -> str:
        text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        return text.replace(self._url, f"${self._url_env}")


def open_postgres(config) -> PostgresTarget:
    return PostgresTarget(config.name, config.env("url_env"), str(config.options["url_env"]))
