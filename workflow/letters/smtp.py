"""Decision letters, part 3: SMTP delivery of an already written .eml, with retries.

The bytes sent are exactly the bytes written to the outbox (and hashed into the audit trail);
nothing is re-rendered here. Temporary failures before the message data is handed over (4xx
replies, dropped connections, timeouts) are retried with exponential backoff; permanent ones
(5xx, bad credentials, an untrusted certificate) stop at once. A connection lost after the data
was handed over is never retried: the server may have the message (DeliveryUncertain). TLS always verifies the server's certificate and host name, against the system CAs
or the bundle in `smtp_ca_file` (RSI_SMTP_CA_FILE) for an office's own CA.
"""

from __future__ import annotations

import re
import smtplib
import ssl
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from intake.errors import LetterError
from intake.settings import Settings

BACKOFF_S = 2.0  # first retry after 2 s, then 4 s, 8 s, ...


@dataclass(frozen=True)
class SmtpConfig:
    """Where and how to deliver: host, port, STARTTLS, credentials (password from the env), CA."""

    host: str
    port: int
    starttls: bool
    user: str | None = None
    password: str | None = field(default=None, repr=False)
    timeout_s: float = 30.0
    ca_file: Path | None = None  # trust anchors for the server's certificate; None: system CAs

    def tls_context(self) -> ssl.SSLContext:
        """A verifying client context: the certificate must chain to a trusted CA and name the host."""
        return ssl.create_default_context(cafile=str(self.ca_file) if self.ca_file else None)

    @classmethod
    def from_settings(cls, settings: Settings) -> SmtpConfig:
        """The SMTP settings, or LetterError when delivery is not configured safely."""
        if not settings.smtp_host:
            raise LetterError("SMTP is not configured: set RSI_SMTP_HOST (the letter stays in the outbox)")
        password = settings.smtp_password.get_secret_value() if settings.smtp_password else None
        if settings.smtp_user and not password:
            raise LetterError("RSI_SMTP_USER is set but RSI_SMTP_PASSWORD is not")
        implicit_tls = settings.smtp_port == 465
        if settings.smtp_user and not (settings.smtp_starttls or implicit_tls):
            raise LetterError("refusing to send SMTP credentials without TLS: enable smtp_starttls")
        if settings.smtp_ca_file is not None and not settings.smtp_ca_file.is_file():
            raise LetterError(f"RSI_SMTP_CA_FILE {settings.smtp_ca_file} is not a file")
        return cls(settings.smtp_host, settings.smtp_port, settings.smtp_starttls,
                   settings.smtp_user, password, ca_file=settings.smtp_ca_file)


@dataclass(frozen=True)
class Delivery:
    """The outcome of delivering one message: delivered?, attempts used, last error, refusals."""

    delivered: bool
    attempts: int
    error: str | None = None
    refused: dict[str, str] = field(default_factory=dict)
    uncertain: bool = False  # the data was handed over and the reply lost: never retried


# (config, envelope sender, envelope recipients, message bytes) -> refused recipients
Transport = Callable[[SmtpConfig, str, list[str], bytes], dict[str, tuple[int, bytes]]]


class DeliveryUncertain(Exception):
    """The message data was handed to the server, then the reply was lost (dropped, timed out).

    The server may have accepted the message: sending again could deliver it twice, so the
    letter is marked uncertain for a person to check and is not retried.
    """

    def __init__(self, cause: BaseException) -> None:
        super().__init__(f"{type(cause).__name__}: {cause}")
        self.cause = cause


_EOL = re.compile(rb"\r\n|\n|\r")
_LEADING_DOT = re.compile(rb"(?m)^\.")


def _data_block(raw: bytes) -> bytes:
    """`raw` as the DATA payload: CRLF line ends, leading dots doubled, ended by CRLF.CRLF."""
    body = _LEADING_DOT.sub(b"..", _EOL.sub(b"\r\n", raw))
    return body + (b"" if body.endswith(b"\r\n") else b"\r\n") + b".\r\n"


def send_once(client: smtplib.SMTP, sender: str, recipients: list[str], raw: bytes) -> dict[str, tuple[int, bytes]]:
    """MAIL, RCPT, DATA step by step, so a failure is known to be before or after the hand-over.

    smtplib's sendmail() hides the stage. Everything up to the end of the data block is safe to
    retry: a server only accepts a message once it has read the final "." line, and sendall()
    raising means that line was not handed over. After it, a lost reply is DeliveryUncertain.
    """
    code, reply = client.mail(sender)
    if code != 250:
        raise smtplib.SMTPSenderRefused(code, reply, sender)
    refused: dict[str, tuple[int, bytes]] = {}
    for rcpt in recipients:
        code, reply = client.rcpt(rcpt)
        if code not in (250, 251):
            refused[rcpt] = (code, reply)
    if len(refused) == len(recipients):
        client.rset()
        raise smtplib.SMTPRecipientsRefused(refused)
    code, reply = client.docmd("DATA")
    if code != 354:
        raise smtplib.SMTPDataError(code, reply)
    client.send(_data_block(raw))
    try:
        code, reply = client.getreply()
    except (OSError, smtplib.SMTPServerDisconnected) as exc:
        raise DeliveryUncertain(exc) from exc
    if code != 250:
        raise smtplib.SMTPDataError(code, reply)  # the server said it did not take it
    return refused


def smtp_transport(cfg: SmtpConfig, sender: str, recipients: list[str], raw: bytes) -> dict[str, tuple[int, bytes]]:
    """One SMTP session: EHLO, STARTTLS when configured, LOGIN when configured, one message."""
    if cfg.port == 465:
        client: smtplib.SMTP = smtplib.SMTP_SSL(cfg.host, cfg.port, timeout=cfg.timeout_s,
                                               context=cfg.tls_context())
    else:
        client = smtplib.SMTP(cfg.host, cfg.port, timeout=cfg.timeout_s)
    try:
        client.ehlo()
        if cfg.starttls and cfg.port != 465:
            client.starttls(context=cfg.tls_context())
            client.ehlo()
        if cfg.user:
            client.login(cfg.user, cfg.password or "")
        return send_once(client, sender, recipients, raw)
    finally:
        _quit(client)


def _quit(client: smtplib.SMTP) -> None:
    """QUIT and close, ignoring errors: the message's fate is already known by then."""
    try:
        client.quit()
    except (OSError, smtplib.SMTPException):
        pass
    finally:
        client.close()


def _permanent(exc: BaseException) -> bool:
    """True when retrying cannot help: 5xx replies, refused recipients, TLS/auth problems."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _ in exc.recipients.values())
    if isinstance(exc, smtplib.SMTPResponseException):
        return exc.smtp_code >= 500
    return isinstance(exc, (smtplib.SMTPNotSupportedError, ssl.SSLCertVerificationError))


def describe(exc: BaseException) -> str:
    """A one-line account of a delivery error for last_error and the audit trail."""
    if isinstance(exc, smtplib.SMTPAuthenticationError):
        return (f"SMTP login refused ({exc.smtp_code} {_text(exc.smtp_error)}): "
                "check RSI_SMTP_USER and RSI_SMTP_PASSWORD")
    if isinstance(exc, ssl.SSLCertVerificationError):
        return (f"the SMTP server's TLS certificate was not trusted ({exc.verify_message}): "
                "set RSI_SMTP_CA_FILE to the CA that signed it")
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        parts = [f"{a}: {c} {m.decode(errors='replace')}" for a, (c, m) in exc.recipients.items()]
        return "all recipients refused: " + "; ".join(parts)
    if isinstance(exc, smtplib.SMTPResponseException):
        return f"{type(exc).__name__}: {exc.smtp_code} {_text(exc.smtp_error)}"
    return f"{type(exc).__name__}: {exc}"


def _text(reply: bytes | str) -> str:
    return reply.decode(errors="replace") if isinstance(reply, bytes) else str(reply)


def deliver(
    raw: bytes,
    sender: str,
    recipients: list[str],
    cfg: SmtpConfig,
    max_attempts: int,
    *,
    transport: Transport = smtp_transport,
    sleep: Callable[[float], None] = time.sleep,
    backoff_s: float = BACKOFF_S,
) -> Delivery:
    """Deliver `raw`, retrying temporary failures up to `max_attempts` times with backoff."""
    error = "not attempted"
    attempts = max(1, max_attempts)
    for attempt in range(1, attempts + 1):
        try:
            refused = transport(cfg, sender, recipients, raw)
        except DeliveryUncertain as exc:
            return Delivery(False, attempt, "the connection was lost after the message data was "
                            f"handed to the server ({exc}); it may have been delivered", uncertain=True)
        except Exception as exc:  # noqa: BLE001 - every failure is recorded, none is lost
            error = describe(exc)
            if _permanent(exc):
                return Delivery(False, attempt, error)
            if attempt < attempts:
                sleep(backoff_s * 2 ** (attempt - 1))
            continue
        # Accepted for some recipients: it was delivered, so it must never be retried.
        return Delivery(True, attempt, None,
                        {a: f"{c} {m.decode(errors='replace')}" for a, (c, m) in refused.items()})
    return Delivery(False, attempts, error)
