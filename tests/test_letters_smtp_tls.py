"""SMTP delivery over STARTTLS with a login, against a real local aiosmtpd server.

The server requires STARTTLS before anything else and a login (AUTH LOGIN or PLAIN) before mail;
its certificate is signed by a throw-away CA made in the test (cryptography), which the client
trusts only through RSI_SMTP_CA_FILE. The password reaches rsi through the environment only.
"""

from __future__ import annotations

import ipaddress
import socket
import ssl
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from sqlalchemy import select
from test_letters_factory import add_case, parse, parts

from intake.errors import LetterError
from intake.settings import Settings
from workflow.letters import service as letters
from workflow.cases.store import AuditEventRow, LetterRow, Store

USER = "rso-letters"
PASSWORD = "fictional-correct-horse"  # a test secret for a server that lives only in this test


# ---------------------------------------------------------------- a throw-away PKI


@dataclass(frozen=True)
class Pki:
    """A CA file for the client and (chain, key) files for servers with various names."""

    ca_file: Path
    server: tuple[Path, Path]  # names 127.0.0.1 and localhost
    other_host: tuple[Path, Path]  # names mail.example.edu only
    untrusted: tuple[Path, Path]  # names 127.0.0.1, signed by a CA nobody trusts


def _name(common_name: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def _ca(common_name: str) -> tuple[x509.Certificate, ec.EllipticCurvePrivateKey]:
    key = ec.generate_private_key(ec.SECP256R1())
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder().subject_name(_name(common_name)).issuer_name(_name(common_name))
        .public_key(key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(hours=1)).not_valid_after(now + timedelta(days=2))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(x509.KeyUsage(digital_signature=True, key_cert_sign=True, crl_sign=True,
                                     content_commitment=False, key_encipherment=False,
                                     data_encipherment=False, key_agreement=False,
                                     encipher_only=False, decipher_only=False), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    return cert, key


def _leaf(folder: Path, stem: str, names: list[x509.GeneralName],
          ca: tuple[x509.Certificate, ec.EllipticCurvePrivateKey]) -> tuple[Path, Path]:
    ca_cert, ca_key = ca
    key = ec.generate_private_key(ec.SECP256R1())
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder().subject_name(_name(f"{stem} (fictional test server)"))
        .issuer_name(ca_cert.subject).public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(hours=1)).not_valid_after(now + timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName(names), critical=False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()),
                       critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    chain, key_file = folder / f"{stem}.pem", folder / f"{stem}.key"
    chain.write_bytes(cert.public_bytes(serialization.Encoding.PEM)
                      + ca_cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                           serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return chain, key_file


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> Pki:
    folder = tmp_path_factory.mktemp("pki")
    office_ca, rogue_ca = _ca("Fictional Office Test CA"), _ca("Rogue Test CA")
    ca_file = folder / "office-ca.pem"
    ca_file.write_bytes(office_ca[0].public_bytes(serialization.Encoding.PEM))
    loopback = [x509.IPAddress(ipaddress.ip_address("127.0.0.1")), x509.DNSName("localhost")]
    return Pki(
        ca_file=ca_file,
        server=_leaf(folder, "server", loopback, office_ca),
        other_host=_leaf(folder, "other-host", [x509.DNSName("mail.example.edu")], office_ca),
        untrusted=_leaf(folder, "untrusted", loopback, rogue_ca),
    )


# ---------------------------------------------------------------- the server


@dataclass
class Mailbox:
    """The server side: who logged in how, and what was accepted (with the session's TLS state)."""

    logins: list[tuple[str, str, bool, bool]] = field(default_factory=list)  # mech, user, ok, tls
    accepted: list[tuple[Any, bool, bool]] = field(default_factory=list)  # envelope, tls, authed

    def authenticate(self, server: Any, session: Any, envelope: Any, mechanism: str,
                     auth_data: Any) -> AuthResult:
        if not isinstance(auth_data, LoginPassword):
            return AuthResult(success=False, handled=False)
        user = auth_data.login.decode()
        ok = user == USER and auth_data.password.decode() == PASSWORD
        self.logins.append((mechanism, user, ok, session.ssl is not None))
        return AuthResult(success=ok, handled=False)  # unhandled: the server replies 535 itself

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.accepted.append((envelope, session.ssl is not None, bool(session.authenticated)))
        return "250 Message accepted for delivery"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def serve(pki: Pki) -> Iterator[Any]:
    """Start a STARTTLS-only, login-required server with a given certificate; stopped after the test."""
    controllers: list[Controller] = []

    def start(cert: tuple[Path, Path], exclude: tuple[str, ...] = ()) -> tuple[Mailbox, int]:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(*cert)
        mailbox, port = Mailbox(), _free_port()
        controller = Controller(
            mailbox, hostname="127.0.0.1", port=port, tls_context=context, require_starttls=True,
            authenticator=mailbox.authenticate, auth_required=True, auth_require_tls=True,
            auth_exclude_mechanism=list(exclude),
        )
        controller.start()
        controllers.append(controller)
        return mailbox, port

    yield start
    for controller in controllers:
        controller.stop()


@pytest.fixture
def tls_settings(settings: Settings, pki: Pki, monkeypatch: pytest.MonkeyPatch) -> Any:
    """Settings as an office sets them: RSI_SMTP_* in the environment, the password only there."""

    def make(port: int, password: str = PASSWORD, ca_file: Path | None = pki.ca_file) -> Settings:
        monkeypatch.setenv("RSI_SMTP_HOST", "127.0.0.1")
        monkeypatch.setenv("RSI_SMTP_PORT", str(port))
        monkeypatch.setenv("RSI_SMTP_STARTTLS", "true")
        monkeypatch.setenv("RSI_SMTP_USER", USER)
        monkeypatch.setenv("RSI_SMTP_PASSWORD", password)
        monkeypatch.setenv("RSI_SMTP_MAX_ATTEMPTS", "3")
        if ca_file is None:
            monkeypatch.delenv("RSI_SMTP_CA_FILE", raising=False)
        else:
            monkeypatch.setenv("RSI_SMTP_CA_FILE", str(ca_file))
        return Settings(inbox=settings.inbox, data_dir=settings.data_dir, outbox=settings.outbox,
                        lists_dir=settings.lists_dir, _env_file=None)  # type: ignore[call-arg]

    return make


class Sleeps(list[float]):
    """Records backoff delays instead of sleeping."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)


def _row(store: Store) -> LetterRow:
    with store.session() as s:
        return s.execute(select(LetterRow)).scalar_one()


def _failure(store: Store) -> AuditEventRow:
    with store.session() as s:
        return s.execute(select(AuditEventRow).where(AuditEventRow.action == "letter_send_failed")).scalar_one()


# ---------------------------------------------------------------- tests


@pytest.mark.parametrize(("exclude", "mechanism"), [(("PLAIN",), "LOGIN"), (("LOGIN",), "PLAIN")])
def test_delivered_over_starttls_after_login(store: Store, pki: Pki, serve: Any, tls_settings: Any,
                                             exclude: tuple[str, ...], mechanism: str) -> None:
    mailbox, port = serve(pki.server, exclude)
    add_case(store)
    result = letters.send_letter(store, tls_settings(port), "C-0001", "alice", sleep=Sleeps())

    assert (result.status, result.attempts, result.error) == ("sent", 1, None)
    assert mailbox.logins == [(mechanism, USER, True, True)]  # logged in after STARTTLS
    [(envelope, over_tls, authenticated)] = mailbox.accepted
    assert over_tls and authenticated
    assert envelope.content == Path(result.letter.path).read_bytes()  # the hashed bytes, intact
    assert "Dr. Mira Kovalenko-Santos" in parts(parse(result.letter.path))[0]
    assert _row(store).status == "sent"


def test_wrong_password_fails_clearly_and_is_not_sent(any_store: Store, pki: Pki, serve: Any,
                                                      tls_settings: Any) -> None:
    mailbox, port = serve(pki.server)
    add_case(any_store)
    sleeps = Sleeps()
    result = letters.send_letter(any_store, tls_settings(port, password="fictional-wrong"), "C-0001",
                                 sleep=sleeps)

    assert (result.status, result.attempts, sleeps) == ("failed", 1, [])  # not retried
    assert result.error is not None and "SMTP login refused (535" in result.error
    assert "RSI_SMTP_PASSWORD" in result.error and "fictional-wrong" not in result.error
    # smtplib tries each offered mechanism; every try was over TLS and refused.
    assert {m for m, *_ in mailbox.logins} == {"PLAIN", "LOGIN"}
    assert all(login[1:] == (USER, False, True) for login in mailbox.logins) and not mailbox.accepted
    row = _row(any_store)
    assert (row.status, row.sent_at) == ("failed", None) and Path(row.path).exists()
    assert "fictional-wrong" not in str(_failure(any_store).payload)
    # With the right password the same letter goes out, once.
    again = letters.send_letter(any_store, tls_settings(port), "C-0001", sleep=sleeps)
    assert again.status == "sent" and len(mailbox.accepted) == 1


@pytest.mark.parametrize("which", ["untrusted", "other_host"])
def test_the_client_verifies_the_certificate(store: Store, pki: Pki, serve: Any,
                                             tls_settings: Any, which: str) -> None:
    """A certificate from another CA, or naming another host, stops delivery before the login."""
    mailbox, port = serve(getattr(pki, which))
    add_case(store)
    sleeps = Sleeps()
    result = letters.send_letter(store, tls_settings(port), "C-0001", sleep=sleeps)

    assert (result.status, result.attempts, sleeps) == ("failed", 1, [])
    assert result.error is not None and "TLS certificate was not trusted" in result.error
    assert "RSI_SMTP_CA_FILE" in result.error
    assert not mailbox.logins and not mailbox.accepted  # the password never left the client
    assert _row(store).status == "failed"


def test_without_the_office_ca_the_test_server_is_not_trusted(store: Store, pki: Pki, serve: Any,
                                                               tls_settings: Any) -> None:
    """The system CAs do not vouch for the test CA: trust comes from RSI_SMTP_CA_FILE alone."""
    mailbox, port = serve(pki.server)
    add_case(store)
    result = letters.send_letter(store, tls_settings(port, ca_file=None), "C-0001", sleep=Sleeps())
    assert result.status == "failed" and "not trusted" in (result.error or "")
    assert not mailbox.logins and not mailbox.accepted


def test_a_missing_ca_file_is_a_configuration_error(store: Store, tls_settings: Any,
                                                    tmp_path: Path) -> None:
    add_case(store)
    with pytest.raises(LetterError, match="RSI_SMTP_CA_FILE .* is not a file"):
        letters.send_letter(store, tls_settings(25, ca_file=tmp_path / "missing.pem"), "C-0001")
