"""Decision letters, part 2 (pure): templates -> strings -> an RFC 5322 EmailMessage.

Templates render in Jinja2's immutable sandbox, so an office's edited template cannot reach
Python internals or mutate the context; the HTML part autoescapes, the text part does not escape
but is sandboxed all the same. An office's folder (settings.letter_template_dir) is searched
before the shipped `templates/` (installed as the package data of `workflow.letters.templates`, so a
wheel has them), file by file.

Headers are built so that no untrusted text can add a header or a recipient:
  * every address is validated (one mailbox, user@domain, no CR/LF) with email.headerregistry.Address;
  * display names and the Subject are RFC 2047-encoded and folded by email.header.Header and
    stored with Message.set_raw. Python 3.11's own refolding is avoided on purpose: it drops the
    quotes of a long display name holding a comma, which turns it into extra recipients
    (CPython gh-80222), and it loses spaces between encoded words of a long non-ASCII Subject
    (gh-144156);
  * the finished message is parsed back and must carry exactly the intended headers and
    recipients, or building fails with LetterError.
"""

from __future__ import annotations

import email.policy
import re
from dataclasses import dataclass
from datetime import datetime
from email.header import Header
from email.headerregistry import Address
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import format_datetime, getaddresses
from pathlib import Path

from jinja2 import ChoiceLoader, FileSystemLoader, StrictUndefined, TemplateError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from intake.errors import LetterError
from workflow.letters.context import LetterContext, clean_line

# The top-level templates/ folder of a checkout; in a wheel, the package data of workflow.letters.templates.
SHIPPED_TEMPLATES = Path(__file__).resolve().parent / "templates"
if not SHIPPED_TEMPLATES.is_dir():
    SHIPPED_TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
# 7bit: bodies go out as quoted-printable/base64, so the bytes are ASCII and need no 8BITMIME.
# refold_source="none": headers stored with set_raw go out exactly as folded here (see above).
POLICY = email.policy.SMTP.clone(cte_type="7bit", refold_source="none")
MAX_LINE = 76
_SIMPLE_PHRASE = re.compile(r"[A-Za-z0-9 '-]{1,60}")  # needs neither quoting nor encoding


@dataclass(frozen=True)
class RenderedLetter:
    """A rendered letter: subject line, plain-text part, HTML part."""

    subject: str
    text: str
    html: str


@dataclass(frozen=True)
class Recipients:
    """Who a letter goes to (validated): From, To, Cc and an optional Reply-To."""

    sender: Address
    to: tuple[Address, ...]
    cc: tuple[Address, ...] = ()
    reply_to: Address | None = None

    @property
    def envelope(self) -> list[str]:
        """Every address the SMTP envelope delivers to (To + Cc, no duplicates)."""
        seen: dict[str, None] = {}
        for a in (*self.to, *self.cc):
            seen.setdefault(a.addr_spec, None)
        return list(seen)


# ---------------------------------------------------------------- templates


def environments(office_dir: Path | None) -> tuple[ImmutableSandboxedEnvironment, ImmutableSandboxedEnvironment]:
    """(text, html) sandboxed environments; the office folder wins over the shipped one."""
    folders = [office_dir] if office_dir else []
    loader = ChoiceLoader([FileSystemLoader(str(f)) for f in [*folders, SHIPPED_TEMPLATES]])
    common = dict(loader=loader, undefined=StrictUndefined, trim_blocks=True,
                  lstrip_blocks=True, keep_trailing_newline=True)
    text = ImmutableSandboxedEnvironment(autoescape=False, **common)  # type: ignore[arg-type]
    html = ImmutableSandboxedEnvironment(autoescape=True, **common)  # type: ignore[arg-type]
    return text, html


def render_letter(ctx: LetterContext, office_dir: Path | None = None) -> RenderedLetter:
    """Render the subject, text and HTML parts of a letter; template errors become LetterError."""
    text_env, html_env = environments(office_dir)
    try:
        subject = text_env.get_template("subject.txt.j2").render(letter=ctx)
        text = text_env.get_template(f"{ctx.letter_type}.txt.j2").render(letter=ctx)
        html = html_env.get_template(f"{ctx.letter_type}.html.j2").render(letter=ctx)
    except TemplateError as exc:  # SecurityError, UndefinedError, TemplateNotFound, syntax errors
        raise LetterError(f"letter template for {ctx.letter_type!r} failed: "
                          f"{type(exc).__name__}: {exc}") from exc
    return RenderedLetter(clean_line(subject), text, html)


# ---------------------------------------------------------------- addresses


def parse_address(value: str, what: str) -> Address:
    """One mailbox ("user@example.edu" or "Name <user@example.edu>"), validated, or LetterError."""
    raw = str(value or "").strip()
    if not raw:
        raise LetterError(f"{what}: no email address given")
    if any(ord(c) < 32 or ord(c) == 127 or c in "\u2028\u2029\x85" for c in raw):
        raise LetterError(f"{what}: {raw!r} contains a line break or control character")
    pairs = getaddresses([raw])
    if len(pairs) > 1:
        raise LetterError(f"{what}: {raw!r} is not exactly one email address")
    if not pairs or not pairs[0][1]:
        raise LetterError(f"{what}: {raw!r} is not a valid email address")
    name, spec = pairs[0]
    try:
        address = Address(display_name=clean_line(name, 200), addr_spec=spec)
    except (ValueError, IndexError) as exc:
        raise LetterError(f"{what}: {raw!r} is not a valid email address ({exc})") from exc
    if not address.username or "." not in address.domain or len(spec) > 254 or spec != address.addr_spec:
        raise LetterError(f"{what}: {raw!r} is not a valid email address (user@domain.tld)")
    return address


def _as_list(value: object) -> list[str]:
    """Cc as given: a list, or one string of comma-separated mailboxes."""
    if value is None or value == "":
        return []
    if isinstance(value, str):
        # A comma list is split by address syntax, so a quoted "Doe, Jane" stays one mailbox.
        return [f"{n} <{a}>" if n else a for n, a in getaddresses([value])] if "," in value else [value]
    return [str(v) for v in value]  # type: ignore[union-attr]


def recipients_for(details: dict[str, object], office_name: str, office_email: str,
                   reply_to: str | None) -> Recipients:
    """From/To/Cc/Reply-To for a case: To is the requester, Cc from the case, From the office."""
    requester = details.get("requester_email")
    if not requester:
        raise LetterError("the case has no requester_email (who asked for the screening): nobody to "
                          "write to; set it on the case page or with `rsi case set CASE requester_email=ADDRESS`")
    # Exactly one address: a form field holding "a@x, b@y" must not add a recipient.
    to = [parse_address(str(requester), "requester_email")]
    cc = tuple(parse_address(v, "cc") for v in _as_list(details.get("cc")))
    sender = parse_address(office_email, "office_email")
    sender = Address(display_name=clean_line(office_name, 200), addr_spec=sender.addr_spec)
    reply = parse_address(reply_to, "reply_to") if reply_to else None
    return Recipients(sender, tuple(to), cc, reply)


# ---------------------------------------------------------------- headers


def _encoded(text: str, name: str) -> str:
    """`text` folded for header `name`: plain when safe, else RFC 2047 utf-8 encoded words."""
    plain = text.isascii() and "=?" not in text and all(len(w) < 60 for w in text.split())
    charset = "us-ascii" if plain else "utf-8"
    return Header(text, charset, maxlinelen=MAX_LINE, header_name=name).encode(linesep="\n")


def _mailbox(address: Address, name: str) -> str:
    """One mailbox for header `name`; an unusual display name travels as encoded words only."""
    if not address.display_name:
        return address.addr_spec
    if _SIMPLE_PHRASE.fullmatch(address.display_name):
        return f"{address.display_name} <{address.addr_spec}>"
    phrase = Header(address.display_name, "utf-8", maxlinelen=MAX_LINE, header_name=name)
    folded = phrase.encode(linesep="\n")
    tail = f"<{address.addr_spec}>"
    last = folded.rsplit("\n", 1)[-1]
    return folded + ("\n " if len(last) + len(tail) + 1 > MAX_LINE else " ") + tail


def _set_addresses(msg: EmailMessage, name: str, addresses: tuple[Address, ...]) -> None:
    if addresses:
        msg.set_raw(name, ",\n ".join(_mailbox(a, name) for a in addresses))


def build_message(letter: RenderedLetter, recipients: Recipients, *, message_id: str,
                  when: datetime, case_id: str) -> EmailMessage:
    """The multipart/alternative message (text + HTML) with validated, safely folded headers."""
    msg = EmailMessage(policy=POLICY)
    _set_addresses(msg, "From", (recipients.sender,))
    _set_addresses(msg, "To", recipients.to)
    _set_addresses(msg, "Cc", recipients.cc)
    if recipients.reply_to:
        _set_addresses(msg, "Reply-To", (recipients.reply_to,))
    msg.set_raw("Subject", _encoded(letter.subject, "Subject"))
    msg["Date"] = format_datetime(when)
    msg["Message-ID"] = message_id
    msg["X-RSI-Case"] = clean_line(case_id, 64)
    msg.set_content(letter.text)
    msg.add_alternative(letter.html, subtype="html")
    verify_message(msg.as_bytes(), letter.subject, recipients)
    return msg


def verify_message(raw: bytes, subject: str, recipients: Recipients) -> None:
    """Parse `raw` back: it must hold exactly the intended subject, sender and recipients."""
    parsed = BytesParser(policy=email.policy.default).parsebytes(raw)

    # Display names compare with whitespace collapsed: Python's phrase parser keeps the folding
    # space between two encoded words that RFC 2047 readers drop; addresses compare exactly.
    def mailboxes(name: str) -> list[tuple[str, str]]:
        header = parsed.get(name)
        if header is None:
            return []
        return [(" ".join(a.display_name.split()), a.addr_spec) for a in header.addresses]

    def want(addresses: tuple[Address, ...]) -> list[tuple[str, str]]:
        return [(" ".join(a.display_name.split()), a.addr_spec) for a in addresses]

    expected = {
        "From": want((recipients.sender,)), "To": want(recipients.to), "Cc": want(recipients.cc),
        "Reply-To": want((recipients.reply_to,)) if recipients.reply_to else [],
    }
    problems = [n for n, v in expected.items() if mailboxes(n) != v]
    if str(parsed.get("Subject", "")).strip() != subject:
        problems.append("Subject")
    if parsed.get("Bcc") is not None or len(parsed.get_all("To") or []) != 1:
        problems.append("extra headers")
    if problems:
        raise LetterError(f"the letter's {', '.join(problems)} header did not survive encoding; "
                          "not writing a message that could go to the wrong people")
