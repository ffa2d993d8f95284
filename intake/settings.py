"""One settings object, built once at the edge (CLI, web, watcher) and passed down.

Read from `RSI_*` environment variables and an optional `rsi.toml` (path in `RSI_CONFIG`,
default `./rsi.toml`); environment wins over the file. Stages receive the values they need as
arguments; they never import this module's globals.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

DEFAULT_LIST_URLS = {
    # Official publishers' download addresses (trade.gov CSL, OFAC legacy files).
    "csl": "https://data.trade.gov/downloadable_consolidated_screening_list/v1/consolidated.csv",
    "sdn": "https://www.treasury.gov/ofac/downloads/sdn.csv",
    "sdn_alt": "https://www.treasury.gov/ofac/downloads/alt.csv",
    "sdn_add": "https://www.treasury.gov/ofac/downloads/add.csv",
}


# The starter lists in the source tree (lists/ beside intake/), found from any working directory.
STARTER_LISTS = Path(__file__).resolve().parents[1] / "lists"


# Fields that hold secrets: read from RSI_* variables or from a file an RSI_*_FILE variable names.
SECRET_FIELDS = frozenset({"secret_key", "smtp_password", "audit_key"})


class _NoSecretsToml(TomlConfigSettingsSource):
    """rsi.toml without secrets: a config file gets copied, committed and backed up in the clear."""

    def __call__(self) -> dict[str, object]:
        values = super().__call__()
        found = sorted(SECRET_FIELDS & set(values))
        if found:
            names = ", ".join(f"{f} (RSI_{f.upper()} or RSI_{f.upper()}_FILE)" for f in found)
            raise ValueError(f"secrets are not read from {self.toml_file_path}: remove {names} "
                             f"and set them in the environment")
        return values


class Settings(BaseSettings):
    """Every tunable of rsi, with its default and meaning."""

    model_config = SettingsConfigDict(env_prefix="RSI_", extra="ignore")

    # --- places
    inbox: Path = Field(Path("inbox"), description="Drop folder watched for new files.")
    data_dir: Path = Field(Path("var"), description="Embedded store, archive and scratch space.")
    outbox: Path = Field(Path("outbox"), description="Where letters are written as .eml files.")
    lists_dir: Path = Field(STARTER_LISTS, description="Starter reference lists shipped with rsi.")
    database_url: str | None = Field(None, description="SQLAlchemy URL; default SQLite in data_dir.")

    # --- reading documents
    ocr_enabled: bool = Field(True, description="OCR image-only pages with tesseract.")
    ocr_language: str = Field("eng", description="tesseract language(s), e.g. 'eng+chi_sim'.")
    max_pages: int = Field(2000, description="Refuse documents with more pages than this.")
    max_file_bytes: int = Field(100 * 1024 * 1024, description="Refuse larger files.")
    max_text_chars: int = Field(20_000_000, description="Stop extracting beyond this much text.")
    max_image_pixels: int = Field(60_000_000, description="Refuse to OCR larger page images.")
    read_timeout_s: float = Field(120.0, description="Give up reading one document after this.")
    max_read_memory_bytes: int = Field(2 << 30, description="Memory cap of the PDF/DOCX reader process.")

    # --- extracting and screening one case (intake/extract_worker.py)
    extract_isolated: bool = Field(
        True, description="Extract and screen each case in a separate, time- and memory-capped process."
    )
    extract_timeout_s: float = Field(
        60.0, description="Give up extracting (or screening) one document after this (per attempt)."
    )
    max_extract_memory_bytes: int = Field(4 << 30, description="Memory cap of the extraction process.")
    max_extract_chars: int = Field(
        300_000, description="Extract at most this much text per document; the rest is named in a warning."
    )

    # --- watcher
    settle_seconds: float = Field(2.0, description="A file must be unchanged this long to be read.")
    rescan_interval_s: float = Field(300.0, description="Full inbox rescan, as watchers miss files.")
    claim_lease_s: float = Field(
        3600.0, description="Claims of another host's worker older than this are taken over."
    )

    # --- durable screening and transient errors (issue 16)
    db_retry_s: float = Field(
        120.0, description="Retry a filing in place this long on database or full-disk errors."
    )
    screening_lease_s: float = Field(
        900.0, description="A screening claimed by another host's worker is taken over after this."
    )
    screening_retry_s: float = Field(10.0, description="First wait before retrying a failed screening.")
    screening_retry_max_s: float = Field(900.0, description="Longest wait between screening retries.")
    screening_poll_s: float = Field(2.0, description="How often a watcher looks for screenings due.")

    # --- screening
    # None: the threshold fitted with the matcher's calibrated score (intake/screen/match_model.json)
    org_match_threshold: float | None = Field(None, description="Minimum calibrated score (0-100) for organisations.")
    person_match_threshold: float | None = Field(None, description="Minimum calibrated score (0-100) for persons.")
    lookback_years: int = Field(5, description="Co-authorship and affiliation lookback window.")
    gap_months: int = Field(12, description="Report chronology gaps longer than this.")
    countries_of_concern: list[str] = Field(
        default_factory=lambda: ["CN", "HK", "MO", "RU", "IR", "KP"],
        description="Foreign countries of concern (CHIPS default, HK and Macau with China).",
    )
    sanctioned_countries: list[str] = Field(
        default_factory=lambda: ["CU", "IR", "KP", "UA-CRIMEA", "UA-DPR", "UA-LPR"],
        description="OFAC comprehensively sanctioned jurisdictions (Syria ended 2025-07-01).",
    )
    list_max_age_days: int = Field(30, description="Warn when a list snapshot is older than this.")
    list_urls: dict[str, str] = Field(default_factory=lambda: dict(DEFAULT_LIST_URLS))

    # --- workflow
    auto_clear_without_findings: bool = Field(
        False, description="Clear cases with no findings automatically instead of asking a reviewer."
    )
    retention_years: int = Field(10, description="Keep records this long (OFAC 31 CFR 501.601).")
    rescreen_window_days: int = Field(3650, description="Decided cases re-screened when lists change.")

    # --- letters
    office_name: str = Field("Research Security Office")
    office_email: str = Field("research-security@example.edu")
    reply_to: str | None = None
    signer_name: str = Field("Research Security Officer")
    signer_title: str = Field("Research Security Office")
    letter_template_dir: Path | None = Field(None, description="An office's own letter templates.")
    letter_on_decision: Literal["draft", "send"] = Field(
        "draft", description="After a decision: draft its letter into the outbox, or draft and send it."
    )
    smtp_host: str | None = None
    smtp_port: int = 587
    smtp_starttls: bool = True
    smtp_ca_file: Path | None = Field(
        None, description="CA bundle (PEM) the SMTP server's certificate must chain to; default: system CAs."
    )
    smtp_user: str | None = None
    smtp_password: SecretStr | None = None
    smtp_max_attempts: int = 3

    # --- web
    web_host: str = "127.0.0.1"
    web_port: int = 8000
    secret_key: SecretStr | None = Field(None, description="Session signing key; generated if unset.")
    secure_cookies: bool = Field(False, description="Mark cookies Secure (set when behind TLS).")
    trust_proxy_user_header: bool = Field(False, description="Trust a reverse-proxy user header.")
    proxy_user_header: str = "X-Remote-User"
    max_failed_logins: int = 5

    # --- audit anchoring and secrets (secrets: environment or a file the environment names, never rsi.toml)
    audit_key: SecretStr | None = Field(None, description="Audit HMAC key (RSI_AUDIT_KEY).")
    audit_key_file: Path | None = Field(None, description="File holding the audit key.")
    audit_head_file: Path | None = Field(None, description="Signed chain head; default data_dir.")
    secret_key_file: Path | None = Field(None, description="File holding the session key.")
    smtp_password_file: Path | None = Field(None, description="File holding the SMTP password.")

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        toml_path = Path(os.environ.get("RSI_CONFIG", "rsi.toml"))
        toml = _NoSecretsToml(settings_cls, toml_file=toml_path)
        return (init_settings, env_settings, toml)

    def model_post_init(self, __context: object) -> None:
        # A secret named by file (RSI_*_FILE) fills the secret when the environment did not.
        for secret, named in (("secret_key", "secret_key_file"), ("smtp_password", "smtp_password_file")):
            path = getattr(self, named)
            if getattr(self, secret) is None and path is not None:
                try:
                    value = Path(path).read_text(encoding="utf-8").strip()
                except OSError as exc:
                    raise ValueError(f"RSI_{named.upper()}: cannot read {path}: {exc.strerror}") from exc
                object.__setattr__(self, secret, SecretStr(value))

    @property
    def effective_database_url(self) -> str:
        """The configured URL, or SQLite in the data directory."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'rsi.db').resolve()}"

    @property
    def archive_dir(self) -> Path:
        return self.data_dir / "archive"

    @property
    def failed_dir(self) -> Path:
        return self.inbox / "failed"

    @property
    def processing_dir(self) -> Path:
        """Claimed files wait here while they are processed (same filesystem as the inbox)."""
        return self.inbox / ".processing"


def load_settings(**overrides: object) -> Settings:
    """Build the settings once at an edge; keyword overrides win over env and file."""
    return Settings(**overrides)  # type: ignore[arg-type]
