"""What ties the audit chain to something the database cannot rewrite: a key and a signed head.

* The **audit key** keys every record's hash (HMAC-SHA256). It never goes into the database: it
  comes from `RSI_AUDIT_KEY`, or from the file named by `RSI_AUDIT_KEY_FILE`, else from a key file
  generated once beside the data (`var/audit.key`, mode 0600). Someone who can write the database
  but not read that key cannot re-hash an edit or forge a record or a purge checkpoint.
* The **chain head** (`var/audit-head.json`, or `RSI_AUDIT_HEAD_FILE`) is rewritten after each
  commit that appended records: the last seq, its hash, how many records live in the chain and
  where the last purge ended, signed with the key. Deleting the last records or emptying the table
  no longer verifies: the head names a record the database lost. `rsi audit anchor --export`
  prints the same head as one line for a notary (a file kept elsewhere, syslog, an e-mail to the
  auditors), so even someone holding the key and the head file is caught by the notary's copy.
"""

from __future__ import annotations

import fcntl
import hashlib
import hmac
import json
import os
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from intake.errors import RsiError

SCHEME = "hmac-sha256"
HEAD_VERSION = 1
KEY_BYTES = 32


@dataclass(frozen=True)
class Anchor:
    """The audit key and where the signed chain head lives."""

    key: bytes
    head_path: Path

    @property
    def key_id(self) -> str:
        """A public fingerprint of the key (tells which key signed a head; reveals nothing)."""
        return hmac.new(self.key, b"rsi-audit-key-id", hashlib.sha256).hexdigest()[:16]

    def mac(self, message: str) -> str:
        return hmac.new(self.key, message.encode("utf-8"), hashlib.sha256).hexdigest()


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


# ---------------------------------------------------------------- the key


def _read_key_file(path: Path) -> bytes:
    try:
        text = path.read_text(encoding="ascii").strip()
    except OSError as exc:
        raise RsiError(f"cannot read the audit key file {path}: {exc.strerror}") from exc
    if len(text) < 32:
        raise RsiError(f"the audit key in {path} is too short (at least 32 characters)")
    return text.encode("ascii")


def _generated_key(path: Path) -> bytes:
    """The key in `path`, generated there (mode 0600, O_EXCL so two processes agree) if absent."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return _read_key_file(path)
    with os.fdopen(fd, "w", encoding="ascii") as fh:
        fh.write(secrets.token_hex(KEY_BYTES) + "\n")
    return _read_key_file(path)


def resolve_key(*, key: str | None = None, key_file: Path | None = None,
                default_file: Path) -> bytes:
    """The audit key: given, else RSI_AUDIT_KEY, else RSI_AUDIT_KEY_FILE, else `default_file`."""
    key = key or os.environ.get("RSI_AUDIT_KEY") or None
    if key:
        if len(key) < 32:
            raise RsiError("RSI_AUDIT_KEY is too short (at least 32 characters)")
        return key.encode("utf-8")
    named = key_file or (Path(os.environ["RSI_AUDIT_KEY_FILE"]) if os.environ.get("RSI_AUDIT_KEY_FILE")
                         else None)
    if named is not None:
        return _read_key_file(named)
    return _generated_key(default_file)


def for_url(url: str, *, key: str | None = None, key_file: Path | None = None,
            head_path: Path | None = None, data_dir: Path | None = None) -> Anchor:
    """The anchor of the store at `url`: beside an SQLite file, else in `data_dir` (RSI_DATA_DIR)."""
    if data_dir is None:
        if url.startswith("sqlite:///") and url != "sqlite:///:memory:":
            data_dir = Path(url.removeprefix("sqlite:///")).parent
        else:
            data_dir = Path(os.environ.get("RSI_DATA_DIR", "var"))
    head = head_path or (Path(os.environ["RSI_AUDIT_HEAD_FILE"])
                         if os.environ.get("RSI_AUDIT_HEAD_FILE") else data_dir / "audit-head.json")
    return Anchor(resolve_key(key=key, key_file=key_file, default_file=data_dir / "audit.key"), head)


# ---------------------------------------------------------------- the signed head


@dataclass(frozen=True)
class Head:
    """The chain as last committed: its last record, how many live, where the last purge ended."""

    seq: int
    hash: str
    purged_through: int = 0
    legacy_through: int = 0  # records 1..N predate keyed records (migration 0003)
    written_at: str = ""
    key_id: str = ""

    @property
    def count(self) -> int:
        return self.seq - self.purged_through

    def body(self) -> dict[str, Any]:
        return {"v": HEAD_VERSION, "seq": self.seq, "hash": self.hash, "count": self.count,
                "purged_through": self.purged_through, "legacy_through": self.legacy_through,
                "written_at": self.written_at, "key_id": self.key_id}


class HeadForged(RsiError):
    """The head file (or a notary line) is not signed by this key."""


def sign(anchor: Anchor, head: Head) -> dict[str, Any]:
    body = head.body()
    return {**body, "mac": anchor.mac(_canonical(body))}


def parse(anchor: Anchor, data: dict[str, Any]) -> Head:
    """A signed head as read back; HeadForged when its MAC does not match this key."""
    body = {k: v for k, v in data.items() if k != "mac"}
    if not isinstance(data.get("mac"), str) or not hmac.compare_digest(
            str(data["mac"]), anchor.mac(_canonical(body))):
        raise HeadForged("the chain head is not signed by this audit key (forged or another key)")
    head = Head(int(body["seq"]), str(body["hash"]), int(body.get("purged_through", 0)),
                int(body.get("legacy_through", 0)), str(body.get("written_at", "")),
                str(body.get("key_id", "")))
    if int(body.get("count", head.count)) != head.count:
        raise HeadForged("the chain head's count does not match its seq and purge point")
    return head


def read_head(anchor: Anchor) -> Head | None:
    """The signed head from its file, None when there is none yet; HeadForged if tampered."""
    try:
        text = anchor.head_path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise HeadForged(f"the chain head file {anchor.head_path} is not valid JSON") from exc
    return parse(anchor, data)


def advance_head(anchor: Anchor, seq: int, digest: str, *, purged_through: int | None = None,
                 legacy_through: int | None = None, create: bool = False,
                 force: bool = False) -> Head | None:
    """Write the head for (seq, digest) unless the file already holds a later one (another process).

    A missing or forged head file is only (re)written when `create` (a new chain, or the first
    keyed record after legacy ones) or `force` (`rsi audit anchor --reset`): a deleted head must
    stay missing until someone looks, not quietly heal at the next append.

    An exclusive lock on a side file serialises writers on this host; the new head is written to
    a scratch file and renamed over the old one, so a reader never sees half a head.
    """
    path = anchor.head_path
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    lock = os.open(path.with_name(path.name + ".lock"), os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            old = read_head(anchor)
        except HeadForged:
            if not force:
                return None  # keep the evidence for verify
            old = None
        if old is None and not (create or force):
            return None
        if old is not None and old.seq >= seq and not force:
            return old
        head = Head(seq, digest,
                    purged_through if purged_through is not None else (old.purged_through if old else 0),
                    legacy_through if legacy_through is not None else (old.legacy_through if old else 0),
                    datetime.now(UTC).isoformat(timespec="seconds"), anchor.key_id)
        scratch = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        fd = os.open(scratch, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(json.dumps(sign(anchor, head), indent=1, sort_keys=True) + "\n")
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(scratch, path)
        return head
    finally:
        os.close(lock)


def notary_line(anchor: Anchor, head: Head) -> str:
    """The head as one line for a notary, syslog or an e-mail: `rsi-audit-head {json}`."""
    return "rsi-audit-head " + _canonical(sign(anchor, head))


def parse_notary_line(anchor: Anchor, line: str) -> Head:
    """Read back a line written by `notary_line` (the last such line of a file or a mail)."""
    text = line.strip()
    if text.startswith("rsi-audit-head "):
        text = text.removeprefix("rsi-audit-head ")
    elif "rsi-audit-head " in text:  # a syslog line carries a prefix
        text = text.split("rsi-audit-head ", 1)[1]
    try:
        return parse(anchor, json.loads(text))
    except (ValueError, KeyError, TypeError) as exc:
        raise HeadForged(f"not an rsi chain head line: {line[:80]!r}") from exc
