"""Restore an archive made by ``core.backup`` (``manage.py restore``).

Everything that can be checked is checked before anything is touched: every checksum, the
database engine, that this Amparo knows every migration the archive has, that the configured
field keys are the archive's, where each storage's files go, that the database is empty (unless
``force``) and that the tools are there. Then the database is restored, its row counts compared
with the manifest's, the files are written (checked again as they are written), and ``migrate``
brings an archive from an older version forward.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
from pathlib import Path, PurePosixPath
from typing import Any

from django.core.files.storage import FileSystemStorage, InvalidStorageError, storages
from django.core.management import call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from amparo.core.backup import (
    ENGINE_NAMES,
    FILES,
    BackupError,
    Report,
    _digest,
    _quote,
    _run,
    configured_key_fingerprints,
    current_row_counts,
    engine,
    open_archive,
    pg_tool,
    verify_archive,
)


def _check_engine(manifest: dict[str, Any]) -> str:
    here, there = engine(), manifest["database"]["engine"]
    if here != there:
        raise BackupError(
            f"This archive holds a {ENGINE_NAMES.get(there, there)} database and this Amparo uses "
            f"{ENGINE_NAMES[here]} (DATABASE_URL). Restoring across engines is not supported: restore it into an "
            f"Amparo configured for {ENGINE_NAMES.get(there, there)}. Nothing was restored.")
    return here


def _check_migrations(manifest: dict[str, Any]) -> None:
    known = MigrationLoader(None, ignore_no_migrations=True).graph.nodes
    unknown = [f"{app}.{name}" for app, name in manifest.get("migrations", {}).items() if (app, name) not in known]
    if unknown:
        raise BackupError(
            f"This archive was made by a newer or different Amparo (version {manifest.get('amparo_version')}): "
            f"this one does not know the migrations {', '.join(unknown)}. Install that version or a newer one, "
            "then restore. Nothing was restored.")


def _check_keys(manifest: dict[str, Any]) -> None:
    needed: list[str] = list(manifest["field_keys"]["fingerprints"])
    configured = configured_key_fingerprints()
    missing = [fp for fp in needed if fp not in configured]
    if missing or configured[0] != needed[0]:
        raise BackupError(
            f"This archive needs the field-encryption key with fingerprint {needed[0]} as the first key of "
            f"AMPARO_FIELD_KEYS (it encrypts and derives the lookup hashes)"
            + (f", and also the keys {', '.join(needed[1:])}" if len(needed) > 1 else "")
            + f". The keys configured here have the fingerprints {', '.join(configured)}"
            + (f"; missing: {', '.join(missing)}" if missing else "")
            + ". The keys are never inside a backup: set AMPARO_FIELD_KEYS to the keys kept apart from it, "
            "in that order, and run the command again. Nothing was restored.")


def _targets(manifest: dict[str, Any]) -> dict[str, Path]:
    """Where each archived storage's files go here: the same alias's folder in this configuration."""
    targets = {}
    for alias in manifest.get("storages", {}):
        try:
            storage = storages[alias]
        except InvalidStorageError as exc:
            raise BackupError(f"The archive has files of the storage “{alias}”, which is not configured here "
                              "(settings STORAGES). Nothing was restored.") from exc
        if not isinstance(storage, FileSystemStorage):
            raise BackupError(f"The archive has files of the storage “{alias}”, which is not a folder here "
                              f"({type(storage).__name__}). Restore with the file-system storage, then copy the "
                              "files to the other storage. Nothing was restored.")
        targets[alias] = Path(storage.location).resolve()
    return targets


def _database_label() -> str:
    return str(connection.settings_dict.get("NAME") or "")


def _check_empty(*, force: bool) -> None:
    tables = connection.introspection.table_names()
    if tables and not force:
        raise BackupError(
            f"The database {_database_label()} is not empty ({len(tables)} tables). Restore goes into an empty "
            "database: create a new one (without running migrate), or pass --force to replace everything in this "
            "one with the archive. Nothing was restored.")


def _restore_sqlite(dump: Path) -> None:
    connection.close()
    connection.ensure_connection()
    source = sqlite3.connect(dump)
    try:
        source.backup(connection.connection)  # replaces the whole database, tables it had included
    finally:
        source.close()
    connection.close()


def _restore_postgresql(dump: Path, *, force: bool) -> None:
    pg_restore = pg_tool("pg_restore")
    if force:
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_schema()")
            schema = _quote(cursor.fetchone()[0])
            cursor.execute(f"DROP SCHEMA {schema} CASCADE")
            cursor.execute(f"CREATE SCHEMA {schema}")
    connection.close()
    service = connection.settings_dict["OPTIONS"].get("service")
    name = connection.settings_dict.get("NAME") or (f"service={service}" if service else "postgres")
    _run([pg_restore, "--no-password", "--no-owner", "--no-privileges", "--single-transaction",
          "--exit-on-error", f"--dbname={name}", str(dump)])


def _write_file(handle: Any, target: Path, expected: dict[str, Any]) -> None:
    target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    partial = target.with_name(target.name + ".restoring")
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as sink:
        digest = _digest(handle, sink)
    if digest != (expected["sha256"], expected["size"]):
        partial.unlink()
        raise BackupError(f"{target.name} changed while it was being restored; run the restore again.")
    partial.replace(target)


def restore_backup(archive: Path, *, force: bool = False, report: Report = lambda line: None,
                   verbosity: int = 1) -> dict[str, Any]:
    """Restore ``archive`` into the configured database and storages; returns its manifest."""
    archive = Path(archive).expanduser().resolve()
    report(f"Checking {archive.name}…")
    manifest = verify_archive(archive)
    kind = _check_engine(manifest)
    _check_migrations(manifest)
    _check_keys(manifest)
    targets = _targets(manifest)
    _check_empty(force=force)
    if kind == "postgresql":
        pg_tool("pg_restore")
    database_member = manifest["database"]["member"]
    members = manifest["members"]

    with tempfile.TemporaryDirectory(prefix="amparo-restore-") as work, open_archive(archive) as tar:
        written = 0
        for member in tar:
            if member.name not in members:
                continue
            handle = tar.extractfile(member)
            if member.name == database_member:
                dump = Path(work) / PurePosixPath(member.name).name
                _write_file(handle, dump, members[member.name])
                report(f"Restoring the {ENGINE_NAMES[kind]} database {_database_label()}…")
                _restore_sqlite(dump) if kind == "sqlite" else _restore_postgresql(dump, force=force)
                dump.unlink()
                _compare_counts(manifest["database"]["tables"])
                continue
            _, alias, *rest = PurePosixPath(member.name).parts
            root = targets[alias]
            target = root.joinpath(*rest).resolve()
            if not target.is_relative_to(root) or member.name.split("/")[0] != FILES:
                raise BackupError(f"Refused the member {member.name!r}: it would land outside {root}.")
            _write_file(handle, target, members[member.name])
            written += 1
    report(f"Files restored: {written}" + "".join(f"; {alias} → {path}" for alias, path in targets.items()))
    report("Bringing the database up to this version (migrate)…")
    call_command("migrate", interactive=False, verbosity=max(verbosity - 1, 0))
    return manifest


def _compare_counts(expected: dict[str, int]) -> None:
    found = current_row_counts()
    differ = [f"{table}: {found.get(table)} rows, the archive says {rows}"
              for table, rows in expected.items() if found.get(table) != rows]
    if differ:
        raise BackupError("The restored database does not match the archive (" + "; ".join(differ[:5]) + ").")
