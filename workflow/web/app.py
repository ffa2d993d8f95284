"""The web UI: `create_app(settings, store)` builds the FastAPI app; routes live in one module per page."""

from __future__ import annotations

from urllib.parse import quote

from fastapi import Depends, FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.sessions import SessionMiddleware

from intake.errors import ErrorCode, RsiError
from intake.settings import Settings
from workflow.service import Store
from workflow.web import audit_pages, auth, cases, casework, letter_pages, lists, upload
from workflow.web.render import STATIC_DIR, page
from workflow.web.security import (
    SESSION_COOKIE,
    SESSION_MAX_AGE,
    Forbidden,
    LoginRequired,
    check_csrf,
    secret_key,
)

# The one mapping from rsi error codes to HTTP statuses.
HTTP_STATUS: dict[ErrorCode, int] = {
    ErrorCode.NOT_FOUND: 404,
    ErrorCode.CONFLICT: 409,
    ErrorCode.DUPLICATE: 409,
    ErrorCode.TRANSITION: 422,
    ErrorCode.INVALID: 422,
    ErrorCode.TOO_LARGE: 413,
    ErrorCode.LIST_FORMAT: 422,
    ErrorCode.LIST_DOWNLOAD: 502,
    ErrorCode.LIST_SHRINK: 409,
    ErrorCode.LETTER: 422,
    ErrorCode.LETTER_UNCERTAIN: 409,
}

# No inline script anywhere; styles inline only inside letter previews (sandboxed srcdoc).
CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
       "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")


def create_app(settings: Settings, store: Store) -> FastAPI:
    """The FastAPI app over `store`; every route checks its role, every unsafe request its CSRF token."""
    app = FastAPI(title="Research Security Intake", docs_url=None, redoc_url=None,
                  openapi_url=None, dependencies=[Depends(check_csrf)])
    app.state.settings, app.state.store = settings, store
    app.add_middleware(SessionMiddleware, secret_key=secret_key(settings),
                       session_cookie=SESSION_COOKIE, max_age=SESSION_MAX_AGE, same_site="lax",
                       https_only=settings.secure_cookies)
    app.middleware("http")(_security_headers)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    for module in (auth, cases, casework, audit_pages, lists, upload, letter_pages):
        app.include_router(module.router)
    _add_error_handlers(app)
    return app


async def _security_headers(request: Request, call_next: object) -> Response:
    response: Response = await call_next(request)  # type: ignore[operator]
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    if not request.url.path.startswith("/static/"):
        response.headers.setdefault("Cache-Control", "no-store")  # case data must not linger
    return response


def _add_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(LoginRequired, _login_required)  # type: ignore[arg-type]
    app.add_exception_handler(Forbidden, _forbidden)  # type: ignore[arg-type]
    app.add_exception_handler(RsiError, _rsi_error)  # type: ignore[arg-type]
    app.add_exception_handler(StarletteHTTPException, _http_error)  # type: ignore[arg-type]


def _error_page(request: Request, status: int, title: str, message: str) -> HTMLResponse:
    return page(request, "error.html", status_code=status, title=title, message=message)


async def _login_required(request: Request, exc: LoginRequired) -> Response:
    if request.method == "GET":
        return RedirectResponse(f"/login?next={quote(request.url.path)}", status_code=303)
    return _error_page(request, 401, "Not logged in", "Log in first.")


async def _forbidden(request: Request, exc: Forbidden) -> Response:
    return _error_page(request, 403, "Not allowed", exc.reason)


async def _rsi_error(request: Request, exc: RsiError) -> Response:
    status = HTTP_STATUS.get(exc.code, 400)
    return _error_page(request, status, exc.code.value.replace("_", " ").capitalize(), exc.message)


async def _http_error(request: Request, exc: StarletteHTTPException) -> Response:
    return _error_page(request, exc.status_code, "Error", str(exc.detail))
