"""The ``postgres`` target: releases in PostgreSQL (psycopg 3), applied in one transaction.

``publish: {prod: {type: postgres, url_env: CCM_PG_URL}}`` — the connection URL comes from the
environment variable ``url_env`` names and is never printed. A publish takes a transaction-level
advisory lock (``pg_try_advisory_xact_lock``, retried until ``--lock-timeout``), so concurrent
publishes serialize; the lock and every uncommitted row vanish if the publisher dies.
"""

from __future__ import annotations

import time
from urllib.parse import quote

from ..integrity import shown
from .base import TargetError
from .sql import SqlTarget

LOCK_KEY = "ccm-publish"


class PostgresTarget(SqlTarget):
    kind = "postgres"
    mark = "%s"
    blob = "BYTEA"
    serial = "BIGSERIAL PRIMARY KEY"

    def __init__(self, name: str, url: str, url_env: str, password: str | None = None) -> None:
        super().__init__(name)
        self._url = url
        self._url_env = url_env
        self._password = password

    @property
    def description(self) -> str:
        return f"postgres: ${self._url_env}"

    def errors(self) -> tuple:
        return (_psycopg().Error,)

    def connect(self, write: bool, lock_timeout: float):
        psycopg = _psycopg()
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
        """psycopg's first line without the URL or its password (libpq quotes parts of the URL)."""
        text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        secrets = [self._url] + [s for s in (self._password, quote(self._password or "")) if s]
        for secret in sorted(secrets, key=len, reverse=True):
            text = text.replace(secret, "***")
        return shown(text, 300)


def _psycopg():
    try:
        import psycopg
    except ImportError:
        raise TargetError("the postgres target needs psycopg: pip install 'psycopg[binary]'") from None
    return psycopg


def open_postgres(config) -> PostgresTarget:
    """The target; the connection string in ``$url_env`` is checked here, and never printed."""
    url = config.env("url_env")
    name = str(config.options["url_env"])
    conninfo = _psycopg().conninfo

    try:
        password = conninfo.conninfo_to_dict(url).get("password")
    except Exception:  # psycopg's message quotes the string (the password with it): say nothing of it
        raise config.error(f"the value of ${name} (named by 'url_env') is not a PostgreSQL connection string: use "
                           "postgresql://user:password@host:port/dbname, with %20 for a space and %-escapes for @ : /") from None
    return PostgresTarget(config.name, url, name, str(password) if password else None)
