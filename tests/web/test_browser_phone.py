"""The pages at phone width (390 px, Chromium via Playwright): nothing wider than the screen, the
case summary before the findings, the reviewer's forms reachable. Screenshots go to
test-artifacts/web/phone-*.png."""

from __future__ import annotations

import re
from typing import Any

import pytest
from test_browser import CHROMIUM, LAUNCH_ARGS, Site, _shot, browser, site  # noqa: F401  (fixtures)
from web_factory import PASSWORD, flagged_case

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed (/usr/bin/chromium)"),
]
PHONE = {"width": 390, "height": 844}


def _phone(browser: Any, site: Site, user: str) -> Any:  # noqa: F811
    context = browser.new_context(base_url=site.base, viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto("/login")
    page.get_by_label("User name").fill(user)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(re.compile(r".*/cases$"))
    return page


def _fits(page: Any) -> None:
    """The page does not scroll sideways: wide tables scroll inside their own box."""
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width}px wide at {PHONE['width']}px"


def test_pages_fit_a_phone(browser: Any, site: Site) -> None:  # noqa: F811
    case_id = flagged_case(site.store, site.settings, "C-PHONE")
    page = _phone(browser, site, "rita")
    for path, name in [("/cases", "queue"), (f"/cases/{case_id}", "case"), ("/upload", "upload"),
                       ("/lists", "lists")]:
        page.goto(path)
        _fits(page)
        _shot(page, f"phone-{name}")
    page.goto(f"/cases/{case_id}")
    summary, findings = page.locator("#summary"), page.locator("#findings")
    assert summary.bounding_box()["y"] < findings.bounding_box()["y"]
    row = summary.get_by_role("row").filter(has_text="restricted-party list")
    assert "Yes" in row.inner_text() and "National University of Defense Technology" in row.inner_text()
    group = page.locator("section.orggroup").first
    assert group.is_visible() and group.bounding_box()["width"] <= PHONE["width"]
    withdraw = page.get_by_role("button", name="Withdraw this case")
    withdraw.scroll_into_view_if_needed()
    box = withdraw.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    page.context.close()
