"""Backup and restore of a whole Amparo: one .tar.gz archive (``manage.py backup`` / ``restore``).

The archive holds, in this order:

- ``database/amparo.sqlite3`` (SQLite's online backup API) or ``database/amparo.pgdump``
  (``pg_dump --format=custom`` inside an exported snapshot, so the row counts in the manifest
  describe exactly the dump);
- ``files/<storage alias>/<name>``: every file of every file-system storage (``STORAGES``
  without ``staticfiles``, so MEDIA_ROOT = AMPARO_FILES_DIR and the ``documents`` storage),
  copied after the database snapshot, so every file the snapshot refers to is there;
- ``manifest.json`` (last): versions, engine, applied migrations, row counts per table, the
  fingerprints of the field-encryption keys and the SHA-256 of every other member.

The field-encryption keys are never inside: the manifest names them by a fingerprint (an HMAC of
a fixed text under the key, which says nothing about the key), and ``restore`` refuses unless the
configured keys are those. Restore checks everything it can before it touches anything.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import io
import json
import os
import platform
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path, PurePosixPath
from typing import IO, Any

import django
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import FileSystemStorage, storages
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from amparo.core import encryption

FORMAT = 1
MANIFEST = "manifest.json"
DATABASE_MEMBER = {"sqlite": "database/amparo.sqlite3", "postgresql": "database/amparo.pgdump"}
ENGINE_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
FILES = "files"
CHUNK = 1024 * 1024
_FINGERPRINT_TEXT = b"amparo field-key fingerprint v1"
Report = Callable[[str], Any]


class BackupError(Exception):
    """A refusal or a failure, worded for the person running the command."""


# --- What is backed up -----------------------------------------------------------------------

def key_fingerprint(key: bytes) -> str:
    """Names a Fernet key without revealing it: an HMAC of a fixed text under the key."""
    try:
        raw = base64.urlsafe_b64decode(key)
    except (ValueError, TypeError) as exc:
        raise BackupError("AMPARO_FIELD_KEYS holds something that is not a Fernet key.") from exc
    return hmac.new(raw, _FINGERPRINT_TEXT, hashlib.sha256).hexdigest()[:16]


def configured_key_fingerprints() -> list[str]:
    """Fingerprints of the configured field keys, the encrypting key first."""
    try:
        keys = encryption._keys()
    except ImproperlyConfigured as exc:
        raise BackupError(str(exc)) from exc
    return [key_fingerprint(k) for k in keys]


def engine() -> str:
    vendor = connection.vendor
    if vendor not in DATABASE_MEMBER:
        raise BackupError(f"Backups support SQLite and PostgreSQL, not {vendor}.")
    return vendor


@dataclass(frozen=True)
class Root:
    alias: str
    path: Path


def storage_roots() -> tuple[list[Root], list[str]]:
    """The file-system storages to back up (one root per folder), and the other aliases by name."""
    roots: list[Root] = []
    others: list[str] = []
    for alias in settings.STORAGES:
        if alias == "staticfiles":  # rebuilt by collectstatic
            continue
        storage = storages[alias]
        if not isinstance(storage, FileSystemStorage):
            others.append(f"{alias} ({type(storage).__module__}.{type(storage).__name__})")
            continue
        path = Path(storage.location).resolve()
        if all(root.path != path for root in roots):
            roots.append(Root(alias, path))
    return roots, others


def _never_archived() -> set[Path]:
    """Secrets and live database files that must not enter the archive even if a storage root holds them."""
    var = Path(settings.VAR_DIR).resolve()
    paths = {var / "field_keys", var / "secret_key"}
    if connection.vendor == "sqlite":
        name = Path(str(connection.settings_dict["NAME"])).resolve()
        paths |= {name, Path(f"{name}-wal"), Path(f"{name}-shm"), Path(f"{name}-journal")}
    return paths


def _files_of(root: Root, roots: list[Root], skip: set[Path]) -> Iterator[tuple[Path, str]]:
    """(path, name in the archive) of each regular file under a root, not descending into other roots
    nor into a folder listed in ``skip``."""
    others = {r.path for r in roots if r.path != root.path} | skip
    if not root.path.is_dir():
        return
    for directory, subdirs, files in os.walk(root.path):
        here = Path(directory)
        subdirs[:] = sorted(d for d in subdirs if (here / d) not in others and not (here / d).is_symlink())
        for name in sorted(files):
            path = here / name
            if path.is_symlink() or not path.is_file() or path.resolve() in skip:
                continue
            yield path, f"{FILES}/{root.alias}/{path.relative_to(root.path).as_posix()}"


def applied_migrations() -> dict[str, str]:
    """The latest applied migration of each app."""
    latest: dict[str, str] = {}
    for row in MigrationRecorder(connection).migration_qs.order_by("applied", "id"):
        latest[row.app] = row.name
    return dict(sorted(latest.items()))


def amparo_version() -> str:
    try:
        return metadata.version("amparo")
    except metadata.PackageNotFoundError:
        return "unknown"


# --- PostgreSQL client tools -----------------------------------------------------------------

def pg_tool(name: str) -> str:
    path = shutil.which(name)
    if not path:
        raise BackupError(
            f"{name} was not found. Backups of a PostgreSQL database use the PostgreSQL client tools: "
            "install the package postgresql-client (Debian/Ubuntu: apt-get install postgresql-client), "
            "of the server's major version or newer, and run the command again.")
    return path


def _pg_env() -> dict[str, str]:
    from django.db.backends.postgresql.client import DatabaseClient

    params = connection.settings_dict
    _, extra = DatabaseClient.settings_to_cmd_args_env(params, [])
    env = {**os.environ, **(extra or {})}
    for variable, key in (("PGHOST", "HOST"), ("PGPORT", "PORT"), ("PGUSER", "USER"), ("PGDATABASE", "NAME")):
        if params.get(key):
            env[variable] = str(params[key])
    return env


def _run(args: list[str]) -> None:
    result = subprocess.run(args, env=_pg_env(), capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        detail = result.stderr.strip() or result.stdout.strip()
        hint = (" Install the PostgreSQL client tools (postgresql-client) of the server's major version or newer."
                if "version mismatch" in detail else "")
        raise BackupError(f"{Path(args[0]).name} failed: {detail}{hint}")


# --- Table listings and row counts -----------------------------------------------------------

def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


SQLITE_TABLES = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%' ORDER BY name"
PG_TABLES = "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename"


def _row_counts(cursor: Any, tables_sql: str) -> dict[str, int]:
    cursor.execute(tables_sql)
    counts = {}
    for (table,) in cursor.fetchall():
        cursor.execute(f"SELECT COUNT(*) FROM {_quote(table)}")  # noqa: S608 (a name read from the catalogue)
        counts[table] = cursor.fetchone()[0]
    return counts


def current_row_counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        return _row_counts(cursor, SQLITE_TABLES if connection.vendor == "sqlite" else PG_TABLES)


# --- Database snapshots ----------------------------------------------------------------------

def _snapshot_sqlite(target: Path) -> dict[str, int]:
    """A consistent copy of the committed database, made with SQLite's online backup API."""
    name = Path(str(connection.settings_dict["NAME"]))
    source = sqlite3.connect(f"{name.resolve().as_uri()}?mode=ro", uri=True)
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)  # all pages in one step: one consistent read
        copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
        return _row_counts(copy.cursor(), SQLITE_TABLES)
    finally:
        copy.close()
        source.close()


def _snapshot_postgresql(target: Path) -> dict[str, int]:
    """pg_dump inside a snapshot exported from a repeatable-read transaction, counted in that snapshot."""
    pg_dump = pg_tool("pg_dump")
    wrapper = type(connections[DEFAULT_DB_ALIAS])
    session = wrapper(dict(connection.settings_dict), alias="amparo-backup")
    try:
        with session.cursor() as cursor:
            cursor.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            counts = _row_counts(cursor, PG_TABLES)
            _run([pg_dump, "--format=custom", "--no-password", f"--snapshot={snapshot}", f"--file={target}"])
            cursor.execute("ROLLBACK")
        return counts
    finally:
        session.close()


# --- Writing the archive ---------------------------------------------------------------------

class _Hashing:
    """Reads through a file and keeps the SHA-256 of exactly what was read."""

    def __init__(self, handle: IO[bytes]) -> None:
        self.handle, self.digest = handle, hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        data = self.handle.read(size)
        self.digest.update(data)
        return data


def _add(tar: tarfile.TarFile, path: Path, name: str) -> dict[str, Any]:
    info = tar.gettarinfo(str(path), arcname=name)
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    info.mode = 0o600
    with path.open("rb") as handle:
        hashing = _Hashing(handle)
        tar.addfile(info, hashing)
    return {"sha256": hashing.digest.hexdigest(), "size": info.size}


def create_backup(out: Path, *, report: Report = lambda line: None) -> dict[str, Any]:
    """Write the archive to ``out`` (refused if it exists); returns its manifest."""
    out = Path(out).expanduser().resolve()
    if out.exists():
        raise BackupError(f"{out} already exists; choose another name (backups never overwrite).")
    if not out.parent.is_dir():
        raise BackupError(f"The folder {out.parent} does not exist.")
    kind = engine()
    fingerprints = configured_key_fingerprints()
    roots, others = storage_roots()
    partial = out.with_name(out.name + ".partial")
    skip = _never_archived() | {out, partial}
    members: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory(prefix="amparo-backup-", dir=out.parent) as work:
        skip.add(Path(work).resolve())
        snapshot = Path(work) / Path(DATABASE_MEMBER[kind]).name
        report(f"Database snapshot ({ENGINE_NAMES[kind]})…")
        counts = _snapshot_sqlite(snapshot) if kind == "sqlite" else _snapshot_postgresql(snapshot)
        manifest: dict[str, Any] = {
            "format": FORMAT,
            "created_at": timezone.now().astimezone(dt.UTC).isoformat(timespec="seconds"),
            "amparo_version": amparo_version(),
            "django_version": django.get_version(),
            "python_version": platform.python_version(),
            "database": {"engine": kind, "member": DATABASE_MEMBER[kind], "tables": counts},
            "migrations": applied_migrations(),
            "field_keys": {"fingerprints": fingerprints, "encrypting": fingerprints[0],
                           "fingerprint": "first 16 hex digits of HMAC-SHA256(key, 'amparo field-key fingerprint v1')"},
            "storages": {},
            "not_included": others,
            "members": members,
        }
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            with os.fdopen(fd, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as tar:
                members[DATABASE_MEMBER[kind]] = _add(tar, snapshot, DATABASE_MEMBER[kind])
                for root in roots:
                    count = size = 0
                    for path, name in _files_of(root, roots, skip):
                        try:
                            members[name] = _add(tar, path, name)
                        except FileNotFoundError:  # deleted since the snapshot
                            continue
                        count, size = count + 1, size + members[name]["size"]
                    manifest["storages"][root.alias] = {"files": count, "bytes": size}
                    report(f"Files of the storage “{root.alias}” ({root.path}): {count}")
                body = json.dumps(manifest, indent=2, sort_keys=True).encode()
                info = tarfile.TarInfo(MANIFEST)
                info.size, info.mtime, info.mode = len(body), int(timezone.now().timestamp()), 0o600
                tar.addfile(info, io.BytesIO(body))
            partial.rename(out)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
    return manifest


# --- Reading and verifying an archive --------------------------------------------------------

def _safe_name(member: tarfile.TarInfo) -> bool:
    path = PurePosixPath(member.name)
    if path.is_absolute() or ".." in path.parts or not member.isfile():
        return False
    return member.name == MANIFEST or path.parts[0] == "database" or (path.parts[0] == FILES and len(path.parts) > 2)


def _digest(handle: IO[bytes], sink: IO[bytes] | None = None) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    while chunk := handle.read(CHUNK):
        digest.update(chunk)
        size += len(chunk)
        if sink is not None:
            sink.write(chunk)
    return digest.hexdigest(), size


@contextmanager
def open_archive(path: Path) -> Iterator[tarfile.TarFile]:
    try:
        with tarfile.open(path, mode="r:gz") as tar:
            yield tar
    except (tarfile.TarError, EOFError, zlib.error, OSError, ValueError) as exc:
        if isinstance(exc, FileNotFoundError):
            raise BackupError(f"There is no file {path}.") from exc
        raise BackupError(f"{path} is damaged or not an Amparo backup ({exc}). Nothing was restored.") from exc


def verify_archive(path: Path) -> dict[str, Any]:
    """Read the whole archive once; return its manifest if every member matches its checksum."""
    damaged = f"{path} is damaged or not an Amparo backup"
    found: dict[str, tuple[str, int]] = {}
    manifest: dict[str, Any] | None = None
    with open_archive(path) as tar:
        for member in tar:
            if not _safe_name(member) or member.name in found or (member.name == MANIFEST and manifest):
                raise BackupError(f"{damaged}: unexpected member {member.name!r}. Nothing was restored.")
            handle = tar.extractfile(member)
            assert handle is not None
            if member.name == MANIFEST:
                try:
                    manifest = json.loads(handle.read())
                except ValueError as exc:
                    raise BackupError(f"{damaged}: its manifest is unreadable. Nothing was restored.") from exc
            else:
                found[member.name] = _digest(handle)
    if not isinstance(manifest, dict) or not isinstance(manifest.get("members"), dict):
        raise BackupError(f"{damaged}: it has no manifest. Nothing was restored.")
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{path} is a backup of format {manifest.get('format')!r}, which this Amparo does not read.")
    expected = manifest["members"]
    aliases = set(manifest.get("storages") or {})
    strays = [name for name in expected if name.startswith(f"{FILES}/") and name.split("/")[1] not in aliases]
    if strays or manifest.get("database", {}).get("member") not in expected:
        raise BackupError(f"{damaged}: its manifest does not account for {(strays or ['the database'])[0]}. "
                          "Nothing was restored.")
    problems = [f"{name}: missing" for name in sorted(set(expected) - set(found))]
    problems += [f"{name}: not in the manifest" for name in sorted(set(found) - set(expected))]
    problems += [f"{name}: checksum differs" for name in sorted(set(found) & set(expected))
                 if found[name] != (expected[name].get("sha256"), expected[name].get("size"))]
    if problems:
        shown = "; ".join(problems[:5]) + (f"; and {len(problems) - 5} more" if len(problems) > 5 else "")
        raise BackupError(f"{damaged} (checksums do not match: {shown}). Nothing was restored.")
    return manifest
