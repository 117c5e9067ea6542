#!/usr/bin/env python3
"""End-to-end test: declare, announce and report a downtime, then run incidents and see both on the timeline, in a real browser.

Drives Debian's Chromium (/usr/bin/chromium) through the system chromedriver
(/usr/bin/chromedriver) with Selenium. Usually started by Tests/e2e/run.sh,
which seeds a fresh demo database and starts the server on a free port:

    python3 Tests/e2e/declare_downtime.py http://127.0.0.1:PORT/

The tests run in order and share one browser; when a step fails, the later
steps are reported as failed (skipped) because they depend on it. The last
line printed is always `e2e: N passed, M failed`; the exit status is 0 only
when nothing failed.

Environment:
    E2E_ARTIFACTS     folder for screenshots (default: <repo>/Tests/test-artifacts, git-ignored)
    E2E_TIMEOUT       overall watchdog in seconds (default: 90)
    E2E_CHROMIUM      browser binary (default: /usr/bin/chromium)
    E2E_CHROMEDRIVER  driver binary (default: /usr/bin/chromedriver)
"""

import base64
import datetime
import json
import os
import re
import signal
import sys
import time
import traceback
import urllib.parse
import urllib.request

from selenium import webdriver
from selenium.common.exceptions import WebDriverException, TimeoutException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

HERE = os.path.dirname(os.path.abspath(__file__))
ARTIFACTS = os.environ.get("E2E_ARTIFACTS") or os.path.normpath(os.path.join(HERE, "..", "test-artifacts"))
WATCHDOG_SECONDS = int(os.environ.get("E2E_TIMEOUT", "150"))
CHROMIUM = os.environ.get("E2E_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("E2E_CHROMEDRIVER", "/usr/bin/chromedriver")
WAIT_SECONDS = 15          # longest wait for one page or element
HTTP_TIMEOUT = 10          # API look-ups through urllib
MAX_SHOT_HEIGHT = 8000     # full-page screenshots are clipped to this many CSS pixels

TITLE = "E2E patching"
START = "2027-01-12T22:00"
END = "2027-01-13T02:00"
ZONE = "Europe/Paris"
TICKET = "CHG0099999"
TICKET_URL = "https://tickets.example.com/CHG0099999"


class Watchdog(Exception):
    """Raised by SIGALRM when the whole run takes too long."""


class Context:
    def __init__(self, base_url):
        self.base = base_url.rstrip("/")
        self.driver = None
        self.cluster = None
        self.service = None
        self.email = None
        self.person = None
        self.downtime_id = None
        self.incident_id = None

    def url(self, path):
        return self.base + path


# ---------------------------------------------------------------- helpers

def local_only(url):
    host = urllib.parse.urlsplit(url).hostname
    if host != "127.0.0.1":
        raise SystemExit(f"refusing to test {url!r}: only http://127.0.0.1 is allowed")


def api_get(ctx, path):
    # No proxy: the server is on the loopback interface.
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    request = urllib.request.Request(ctx.url(path), headers={"Accept": "application/json",
                                                             "Authorization": "Bearer " + os.environ.get("E2E_TOKEN", "")})
    with opener.open(request, timeout=HTTP_TIMEOUT) as response:
        assert response.status == 200, f"GET {path} returned {response.status}"
        return json.loads(response.read().decode("utf-8"))


def start_browser():
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1280,1400",
                "--disable-dev-shm-usage", "--no-proxy-server", "--no-first-run",
                "--disable-extensions", "--disable-background-networking", "--lang=en-US"):
        options.add_argument(arg)
    service = Service(executable_path=CHROMEDRIVER)
    driver = webdriver.Chrome(service=service, options=options)
    driver.set_page_load_timeout(WAIT_SECONDS)
    driver.set_script_timeout(WAIT_SECONDS)
    return driver


def wait(ctx, condition, what):
    try:
        return WebDriverWait(ctx.driver, WAIT_SECONDS).until(condition)
    except TimeoutException:
        raise AssertionError(f"timed out after {WAIT_SECONDS} s waiting for {what} "
                             f"(at {ctx.driver.current_url}, title {ctx.driver.title!r})") from None


def body_text(ctx):
    return ctx.driver.find_element(By.TAG_NAME, "body").text


def page_errors(ctx):
    """The form's error summary and field errors, for better failure messages."""
    found = [e.text for e in ctx.driver.find_elements(By.CSS_SELECTOR, ".flash-error, .field-error") if e.text]
    return " | ".join(found) if found else "no error shown"


def button(ctx, label):
    xpath = f"//button[normalize-space()='{label}']"
    return wait(ctx, EC.element_to_be_clickable((By.XPATH, xpath)), f"button {label!r}")


def click_and_wait_for_new_page(ctx, element, what):
    """Clicks something that navigates and waits until the old page is gone."""
    old_html = ctx.driver.find_element(By.TAG_NAME, "html")
    element.click()

    def old_page_gone(_driver):
        # Chromium sometimes reports a node of the unloaded page as "does not belong to the document" (a plain
        # WebDriverException) instead of a stale element; both mean the navigation happened.
        try:
            old_html.is_enabled()
            return False
        except WebDriverException:
            return True

    wait(ctx, old_page_gone, f"the page after {what}")

    def loaded(driver):
        try:
            return driver.execute_script("return document.readyState") == "complete"
        except WebDriverException:
            return False

    wait(ctx, loaded, "the page to load")


def set_datetime_local(ctx, element_id, value):
    """Typing into datetime-local depends on the locale; set it like a picker would."""
    element = ctx.driver.find_element(By.ID, element_id)
    ctx.driver.execute_script(
        "arguments[0].value = arguments[1];"
        "arguments[0].dispatchEvent(new Event('input', {bubbles: true}));"
        "arguments[0].dispatchEvent(new Event('change', {bubbles: true}));",
        element, value)
    actual = element.get_attribute("value")
    assert actual == value, f"#{element_id} holds {actual!r}, expected {value!r}"


def type_into(ctx, element_id, text):
    element = ctx.driver.find_element(By.ID, element_id)
    element.clear()
    element.send_keys(text)
    actual = element.get_attribute("value")
    assert actual == text, f"#{element_id} holds {actual!r}, expected {text!r}"


def screenshot(ctx, name):
    """Saves a full-page PNG (clipped to MAX_SHOT_HEIGHT) into the artifacts folder."""
    os.makedirs(ARTIFACTS, exist_ok=True)
    path = os.path.join(ARTIFACTS, f"e2e-{name}.png")
    driver = ctx.driver
    try:
        width, height = driver.execute_script(
            "var e = document.documentElement;"
            "return [Math.max(e.scrollWidth, e.clientWidth), Math.max(e.scrollHeight, e.clientHeight)];")
        shot = driver.execute_cdp_cmd("Page.captureScreenshot", {
            "format": "png",
            "captureBeyondViewport": True,
            "clip": {"x": 0, "y": 0, "width": width, "height": min(height, MAX_SHOT_HEIGHT), "scale": 1},
        })
        with open(path, "wb") as f:
            f.write(base64.b64decode(shot["data"]))
    except Exception:  # fall back to the visible viewport
        driver.save_screenshot(path)
    assert os.path.getsize(path) > 1000, f"screenshot {path} looks empty"
    return path


def screenshots_at_widths(ctx, name):
    """Screenshots of the current page at 1366 and 390 CSS pixels wide, then back to the usual window."""
    d = ctx.driver
    for width, height in ((1366, 900), (390, 844)):
        d.set_window_size(width, height)
        overflow = d.execute_script("return document.documentElement.scrollWidth - document.documentElement.clientWidth;")
        screenshot(ctx, f"{name}-{width}")
        if width == 390:
            assert overflow <= 1, f"{name} scrolls sideways at 390 px by {overflow} px"
    d.set_window_size(1280, 1400)


def link(ctx, text):
    xpath = f"//a[normalize-space()='{text}']"
    return wait(ctx, EC.element_to_be_clickable((By.XPATH, xpath)), f"link {text!r}")


def confirm_step(ctx, action):
    """Opens the confirmation step of `action` from the detail page and checks it tells before it acts."""
    d = ctx.driver
    click_and_wait_for_new_page(ctx, link(ctx, action + "…"), action + "…")
    path = urllib.parse.urlsplit(d.current_url).path
    assert path.endswith(f"/{action.lower()}/confirm"), f"expected the confirmation step, landed on {d.current_url}"
    text = body_text(ctx)
    assert "Who will be told" in text, "the step does not say who will be told"
    return text


# ---------------------------------------------------------------- tests

def test_home_page_title(ctx):
    # Signing in first: every page needs an account.
    ctx.driver.get(ctx.url("/"))
    wait(ctx, EC.presence_of_element_located((By.ID, "l-login")), "the sign-in page")
    ctx.driver.find_element(By.ID, "l-login").send_keys(os.environ.get("E2E_LOGIN", ""))
    ctx.driver.find_element(By.ID, "l-password").send_keys(os.environ.get("E2E_PASSWORD", ""))
    ctx.driver.find_element(By.CSS_SELECTOR, "form[action='/login'] button[type=submit]").click()
    wait(ctx, EC.presence_of_element_located((By.CSS_SELECTOR, "header.topbar")), "the home page")
    assert "Forewarn" in ctx.driver.title, f"title is {ctx.driver.title!r}"


def test_inventory_from_api(ctx):
    clusters = api_get(ctx, "/api/v1/clusters?per_page=1")
    assert clusters.get("items"), f"no clusters in the demo data: {clusters}"
    ctx.cluster = clusters["items"][0]["name"]
    ctx.cluster_id = clusters["items"][0]["id"]
    people = api_get(ctx, "/api/v1/people?per_page=1")
    assert people.get("items"), f"no people in the demo data: {people}"
    ctx.email = people["items"][0]["email"]
    ctx.person = people["items"][0]["name"]
    services = api_get(ctx, "/api/v1/services?per_page=1")
    assert services.get("items"), f"no services in the demo data: {services}"
    ctx.service = services["items"][0]["name"]
    assert ctx.cluster and "@" in ctx.email, (ctx.cluster, ctx.email)


def test_fill_form_and_preview_impact(ctx):
    d = ctx.driver
    d.get(ctx.url("/downtimes/new"))
    wait(ctx, EC.presence_of_element_located((By.ID, "f-title")), "the downtime form")
    assert d.find_element(By.NAME, "_csrf").get_attribute("value"), "form has no CSRF token"

    type_into(ctx, "f-title", TITLE)
    kind = Select(d.find_element(By.ID, "f-kind")).first_selected_option.get_attribute("value")
    assert kind == "planned", f"kind defaults to {kind!r}, expected planned"

    row = d.find_elements(By.CSS_SELECTOR, ".target-row")[0]
    Select(row.find_element(By.NAME, "target_kind")).select_by_value("cluster")
    name = row.find_element(By.NAME, "target_name")
    name.clear()
    name.send_keys(ctx.cluster)

    set_datetime_local(ctx, "f-start", START)
    set_datetime_local(ctx, "f-end", END)
    type_into(ctx, "f-zone", ZONE)
    type_into(ctx, "f-ticket", TICKET)
    type_into(ctx, "f-url", TICKET_URL)
    type_into(ctx, "f-coord", ctx.email)
    # The comms manager by part of a name: the field suggests people (value e-mail, label name) while typing.
    type_into(ctx, "f-comms", ctx.person[:4])
    wait(ctx, lambda _d: any(o.get_attribute("value") == ctx.email
                             for o in d.find_elements(By.CSS_SELECTOR, "#people-suggestions option")), "people suggestions")
    type_into(ctx, "f-comms", ctx.email)

    click_and_wait_for_new_page(ctx, button(ctx, "Preview impact"), "Preview impact")
    if not d.find_elements(By.ID, "preview-h"):
        raise AssertionError(f"no impact preview shown: {page_errors(ctx)}")
    text = body_text(ctx)
    assert "Impact preview" in text, "heading 'Impact preview' missing"
    tables = d.find_elements(By.CSS_SELECTOR, "section.preview table.impact")
    headings = [h.text for h in d.find_elements(By.CSS_SELECTOR, "section.preview h3")]
    assert tables, f"the preview shows no impact table (headings: {headings})"
    assert any(h.startswith("Services") or h.startswith("Servers down") for h in headings), \
        f"no services or servers table in the preview (headings: {headings})"
    rows = d.find_elements(By.CSS_SELECTOR, "section.preview table.impact tbody tr")
    assert rows, "the impact tables are empty"
    # What was typed survives the round trip.
    assert d.find_element(By.ID, "f-title").get_attribute("value") == TITLE
    assert d.find_element(By.ID, "f-start").get_attribute("value") == START
    screenshot(ctx, "preview")
    screenshots_at_widths(ctx, "declare-form")


def test_save_as_draft(ctx):
    d = ctx.driver
    click_and_wait_for_new_page(ctx, button(ctx, "Save as draft"), "Save as draft")
    match = re.search(r"/downtimes/(\d+)/?$", urllib.parse.urlsplit(d.current_url).path)
    assert match, f"expected /downtimes/<id>, landed on {d.current_url} ({page_errors(ctx)})"
    ctx.downtime_id = int(match.group(1))
    text = body_text(ctx)
    assert f"DT-{ctx.downtime_id}" in text, f"DT-{ctx.downtime_id} not shown on the detail page"
    flashes = [e.text for e in d.find_elements(By.CSS_SELECTOR, ".flash")]
    assert any("was saved as a draft" in f for f in flashes), f"flash messages: {flashes}"
    assert TICKET in text and TITLE in text


def test_announce(ctx):
    d = ctx.driver
    text = confirm_step(ctx, "Announce")
    assert "Subject:" in text and "recipient" in text, "the step shows no message or count"
    assert d.find_element(By.CSS_SELECTOR, "details.recipients"), "the list of who is told is not behind a disclosure"
    assert d.find_element(By.CSS_SELECTOR, "pre.notice-text").text.strip(), "the message text is empty"
    assert d.find_elements(By.NAME, "attach_pdf"), "no 'Attach the PDF report' choice"
    assert d.find_element(By.CSS_SELECTOR, "dd .lifecycle").text == "Draft" if d.find_elements(By.CSS_SELECTOR, "dd .lifecycle") else True
    screenshots_at_widths(ctx, "confirm-announce")
    d.find_element(By.NAME, "attach_pdf").click()
    confirm = wait(ctx, EC.element_to_be_clickable((By.CSS_SELECTOR, "button[name=confirm]")), "the confirm button")
    assert confirm.text.startswith("Announce and tell "), f"confirm button says {confirm.text!r}"
    click_and_wait_for_new_page(ctx, confirm, "Announce and tell")
    path = urllib.parse.urlsplit(d.current_url).path.rstrip("/")
    assert path == f"/downtimes/{ctx.downtime_id}", f"landed on {d.current_url} ({page_errors(ctx)})"
    state = d.find_element(By.CSS_SELECTOR, "dd .lifecycle").text
    assert state == "Scheduled", f"state is {state!r} ({page_errors(ctx)})"
    assert "Impact frozen at announcement" in body_text(ctx), "impact snapshot text missing"
    assert not d.find_elements(By.XPATH, "//a[normalize-space()='Announce…']"), \
        "Announce is still offered after announcing"
    screenshot(ctx, "detail")


def test_change_impact_report(ctx):
    d = ctx.driver
    link = wait(ctx, EC.element_to_be_clickable((By.LINK_TEXT, "Change-impact report")), "the report link")
    click_and_wait_for_new_page(ctx, link, "Change-impact report")
    path = urllib.parse.urlsplit(d.current_url).path.rstrip("/")
    assert path == f"/downtimes/{ctx.downtime_id}/report", f"landed on {d.current_url}"
    headings = [h.text.strip() for h in d.find_elements(By.TAG_NAME, "h2")]
    for wanted in ("Summary", "Affected services by severity", "Notification list", "Audit trail"):
        assert wanted in headings, f"heading {wanted!r} missing; headings are {headings}"
    text = body_text(ctx)
    assert TICKET in text, f"{TICKET} missing from the report"
    assert "UTC" in text, "no UTC time in the report"
    assert f"DT-{ctx.downtime_id}" in d.find_element(By.TAG_NAME, "h1").text
    screenshot(ctx, "report")


def utc_local(hours_from_now):
    """A datetime-local value in UTC, whole minutes, `hours_from_now` away."""
    moment = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=hours_from_now)
    return moment.strftime("%Y-%m-%dT%H:%M")


def test_unplanned_outage_now(ctx):
    # An unplanned outage around now, so the timeline has a downtime next to the incidents.
    d = ctx.driver
    d.get(ctx.url("/downtimes/new"))
    wait(ctx, EC.presence_of_element_located((By.ID, "f-title")), "the downtime form")
    type_into(ctx, "f-title", "E2E power loss in rack B4")
    Select(d.find_element(By.ID, "f-kind")).select_by_value("unplanned")
    row = d.find_elements(By.CSS_SELECTOR, ".target-row")[0]
    Select(row.find_element(By.NAME, "target_kind")).select_by_value("cluster")
    row.find_element(By.NAME, "target_name").send_keys(ctx.cluster)
    set_datetime_local(ctx, "f-start", utc_local(-3))
    set_datetime_local(ctx, "f-end", utc_local(2))
    type_into(ctx, "f-zone", "UTC")
    click_and_wait_for_new_page(ctx, button(ctx, "Preview impact"), "Preview impact")
    click_and_wait_for_new_page(ctx, button(ctx, "Save as draft"), "Save as draft")
    confirm_step(ctx, "Announce")
    click_and_wait_for_new_page(ctx, wait(ctx, EC.element_to_be_clickable((By.CSS_SELECTOR, "button[name=confirm]")), "confirm"), "confirm")
    assert "Impact frozen at announcement" in body_text(ctx), f"the outage was not announced ({page_errors(ctx)})"


def test_phone_menu(ctx):
    """At 390 px the navigation is behind a Menu toggle that opens it."""
    d = ctx.driver
    d.set_window_size(390, 844)
    try:
        d.get(ctx.url("/downtimes"))
        nav = wait(ctx, EC.presence_of_element_located((By.ID, "main-nav")), "the main navigation")
        assert not nav.is_displayed(), "the navigation is not collapsed at 390 px"
        d.find_element(By.CSS_SELECTOR, "label.nav-toggle-label").click()
        wait(ctx, lambda _d: nav.is_displayed(), "the menu to open")
        # The pages under "More" at 1366 px are listed flat in the phone menu.
        assert d.find_element(By.CSS_SELECTOR, ".nav-more-list a[href='/audit']").is_displayed(), "Audit is not in the phone menu"
        assert not d.find_element(By.CSS_SELECTOR, ".nav-more-button").is_displayed(), "the More button shows in the phone menu"
        screenshot(ctx, "menu-390")
        overflow = d.execute_script("return document.documentElement.scrollWidth - document.documentElement.clientWidth;")
        assert overflow <= 1, f"the downtime list scrolls sideways at 390 px by {overflow} px"
        screenshot(ctx, "downtimes-list-390")
        d.get(ctx.url("/servers"))
        wait(ctx, EC.presence_of_element_located((By.CSS_SELECTOR, ".table-wrap table.cards")), "the server list as cards")
        overflow = d.execute_script("return document.documentElement.scrollWidth - document.documentElement.clientWidth;")
        assert overflow <= 1, f"the server list scrolls sideways at 390 px by {overflow} px"
        screenshot(ctx, "servers-list-390")
    finally:
        d.set_window_size(1280, 1400)


def test_dashboard(ctx):
    d = ctx.driver
    d.get(ctx.url("/"))
    wait(ctx, EC.presence_of_element_located((By.ID, "now-h")), "the dashboard")
    text = body_text(ctx)
    for heading in ("In progress now", "The next 7 days", "Open incidents", "Your downtimes", "Notices to you"):
        assert heading in text, f"dashboard heading {heading!r} missing"
    assert d.find_elements(By.LINK_TEXT, "Declare a downtime"), "no 'Declare a downtime' action"
    now = d.find_element(By.CSS_SELECTOR, "section[aria-labelledby=now-h]").text
    assert "E2E power loss in rack B4" in now, f"the outage in progress is not listed: {now!r}"
    screenshots_at_widths(ctx, "dashboard")


def test_object_page(ctx):
    d = ctx.driver
    d.get(ctx.url(f"/clusters/{ctx.cluster_id}"))
    wait(ctx, EC.presence_of_element_located((By.ID, "activity-h")), "the object's downtimes and incidents")
    section = d.find_element(By.CSS_SELECTOR, "section.activity").text
    assert f"DT-{ctx.downtime_id}" in section, f"DT-{ctx.downtime_id} not listed on the cluster's page: {section!r}"
    declare = d.find_element(By.LINK_TEXT, "Declare a downtime here").get_attribute("href")
    assert "target_kind=cluster" in declare and urllib.parse.quote(ctx.cluster) in declare, declare
    screenshots_at_widths(ctx, "object")


def test_top_bar_fits_one_line(ctx):
    """At 1366 px the top bar is one line; the pages under "More" open on keyboard focus."""
    d = ctx.driver
    d.set_window_size(1366, 900)
    try:
        d.get(ctx.url("/servers"))
        inner = wait(ctx, EC.presence_of_element_located((By.CSS_SELECTOR, ".topbar-inner")), "the top bar")
        brand = d.find_element(By.CSS_SELECTOR, ".brand")
        tops = {round(e.rect["y"]) for e in d.find_elements(By.CSS_SELECTOR, ".topbar nav > ul > li, .user-menu")}
        assert inner.size["height"] <= 64, f"the top bar is {inner.size['height']} px high at 1366 px (two lines?)"
        assert max(tops) - min(tops) <= 8, f"top bar items sit on different lines: {sorted(tops)}"
        assert brand.rect["y"] <= min(tops) + 16, "the brand is not on the bar's line"
        more = d.find_element(By.CSS_SELECTOR, ".nav-more-button")
        assert "current" in more.get_attribute("class"), "More does not show that Servers (inside it) is the current page"
        servers = d.find_element(By.CSS_SELECTOR, ".nav-more-list a[href='/servers']")
        assert not servers.is_displayed(), "the More menu is open before it is used"
        d.execute_script("arguments[0].focus();", more)
        wait(ctx, lambda _d: servers.is_displayed(), "the More menu to open on focus")
        screenshot(ctx, "topbar-more-1366")
    finally:
        d.set_window_size(1280, 1400)


def test_object_page_with_incidents(ctx):
    """The cluster's page lists its downtimes and the incident opened on it, at 1366 and 390 px."""
    d = ctx.driver
    d.get(ctx.url(f"/clusters/{ctx.cluster_id}"))
    wait(ctx, EC.presence_of_element_located((By.ID, "activity-h")), "the object's downtimes and incidents")
    section = d.find_element(By.CSS_SELECTOR, "section.activity").text
    assert f"DT-{ctx.downtime_id}" in section, f"DT-{ctx.downtime_id} not listed: {section!r}"
    assert f"INC-{ctx.incident_id}" in section, f"INC-{ctx.incident_id} not listed: {section!r}"
    assert "E2E cluster timeouts" in section, section
    for link_element in d.find_elements(By.CSS_SELECTOR, "section.activity .dt-id"):
        assert link_element.value_of_css_property("white-space") == "nowrap", "an id may wrap"
    screenshots_at_widths(ctx, "object-incidents")


def test_status_grid(ctx):
    """/status: the headline names the worst state of the grid, affected tiles first, times with UTC on hover."""
    d = ctx.driver
    d.get(ctx.url("/status"))
    headline = wait(ctx, EC.presence_of_element_located((By.ID, "status-headline")), "the status headline").text
    tiles = d.find_elements(By.CSS_SELECTOR, ".status-tile")
    assert tiles, "no components in the grid"
    affected = [t for t in tiles if "tile-operational" not in t.get_attribute("class")]
    assert affected, f"nothing affected although an outage and an incident are open (headline {headline!r})"
    assert "tile-operational" not in tiles[0].get_attribute("class"), "the affected components do not come first"
    first_state = tiles[0].find_element(By.CSS_SELECTOR, ".component").text
    assert headline.lower().startswith(first_state.lower().split()[0]) or first_state == "Under maintenance", \
        f"headline {headline!r} does not name the worst state {first_state!r}"
    assert f"{len(affected)} of {len(tiles)} services affected" in headline or f"{len(affected)} of {len(tiles)} service affected" in headline, \
        f"headline {headline!r} disagrees with the grid ({len(affected)} of {len(tiles)})"
    assert tiles[0].find_elements(By.CSS_SELECTOR, ".tile-reasons li"), "the first affected tile gives no reason"
    times = d.find_elements(By.CSS_SELECTOR, "time.local-time")
    assert times, "no times on the status page"
    for t in times:
        assert t.get_attribute("title").endswith(" UTC"), f"no UTC text on hover: {t.get_attribute('title')!r}"
        assert t.get_attribute("datetime").endswith("Z"), t.get_attribute("datetime")
        assert t.text and t.text != t.get_attribute("title"), "the script did not show the time in the viewer's zone"
    screenshots_at_widths(ctx, "status")


def open_incident(ctx, title, severity, started):
    d = ctx.driver
    d.get(ctx.url("/incidents/new"))
    wait(ctx, EC.presence_of_element_located((By.ID, "f-title")), "the incident form")
    assert d.find_element(By.NAME, "_csrf").get_attribute("value"), "form has no CSRF token"
    type_into(ctx, "f-title", title)
    Select(d.find_element(By.ID, "f-severity")).select_by_value(severity)
    rows = d.find_elements(By.CSS_SELECTOR, ".target-row")
    Select(rows[0].find_element(By.NAME, "target_kind")).select_by_value("cluster")
    rows[0].find_element(By.NAME, "target_name").send_keys(ctx.cluster)
    Select(rows[1].find_element(By.NAME, "target_kind")).select_by_value("service")
    rows[1].find_element(By.NAME, "target_name").send_keys(ctx.service)
    set_datetime_local(ctx, "f-start", started)
    type_into(ctx, "f-zone", "UTC")
    type_into(ctx, "f-engineer", ctx.email)
    type_into(ctx, "f-ticket", "INC0042")
    d.find_element(By.ID, "f-description").send_keys("Requests to the cluster time out.")
    click_and_wait_for_new_page(ctx, button(ctx, "Open incident"), "Open incident")
    match = re.search(r"/incidents/(\d+)/?$", urllib.parse.urlsplit(d.current_url).path)
    assert match, f"expected /incidents/<id>, landed on {d.current_url} ({page_errors(ctx)})"
    return int(match.group(1))


def test_open_and_update_an_incident(ctx):
    d = ctx.driver
    ctx.incident_id = open_incident(ctx, "E2E cluster timeouts", "critical", utc_local(-1.5))
    assert "Investigating" in body_text(ctx)
    Select(d.find_element(By.ID, "u-status")).select_by_value("identified")
    d.find_element(By.ID, "u-message").send_keys("A switch port flaps; traffic moved to the spare.")
    click_and_wait_for_new_page(ctx, button(ctx, "Post update"), "Post update")
    status = d.find_element(By.CSS_SELECTOR, "dd .incident-status").text
    assert status == "Identified", f"status is {status!r} ({page_errors(ctx)})"
    screenshot(ctx, "incident")


def test_resolve_and_write_the_postmortem(ctx):
    d = ctx.driver
    resolved_id = open_incident(ctx, "E2E earlier slowness", "minor", utc_local(-8))
    d.find_element(By.ID, "r-resolution").send_keys("Cache warmed up again.")
    set_datetime_local(ctx, "r-end", utc_local(-6.5))
    type_into(ctx, "r-zone", "UTC")
    click_and_wait_for_new_page(ctx, button(ctx, "Resolve"), "Resolve")
    assert "Resolved" in d.find_element(By.CSS_SELECTOR, "dd .incident-status").text, page_errors(ctx)
    link = wait(ctx, EC.element_to_be_clickable((By.LINK_TEXT, "Postmortem")), "the postmortem link")
    click_and_wait_for_new_page(ctx, link, "Postmortem")
    d.find_element(By.ID, "p-root").send_keys("The cache was flushed by a deploy script.")
    click_and_wait_for_new_page(ctx, button(ctx, "Save root cause"), "Save root cause")
    type_into(ctx, "f-action", "Keep the cache across deploys")
    type_into(ctx, "f-owner", ctx.email)
    set_datetime_local(ctx, "f-due", (datetime.date.today() + datetime.timedelta(days=14)).isoformat())
    click_and_wait_for_new_page(ctx, button(ctx, "Add follow-up"), "Add follow-up")
    text = body_text(ctx)
    assert "The cache was flushed" in text and "Keep the cache across deploys" in text, page_errors(ctx)
    assert f"/incidents/{resolved_id}/postmortem" in d.current_url
    screenshot(ctx, "postmortem")


def test_timeline_shows_downtimes_and_incidents(ctx):
    d = ctx.driver
    today = datetime.datetime.now(datetime.timezone.utc).date()
    d.get(ctx.url(f"/timeline?from={today - datetime.timedelta(days=1)}&to={today + datetime.timedelta(days=1)}"))
    wait(ctx, EC.presence_of_element_located((By.CSS_SELECTOR, ".timeline-chart svg")), "the timeline chart")
    incidents = d.find_elements(By.CSS_SELECTOR, ".timeline-chart a.tl-incident-critical, .timeline-chart a.tl-incident-minor")
    outages = d.find_elements(By.CSS_SELECTOR, ".timeline-chart a.tl-downtime-unplanned")
    assert len(incidents) >= 2, f"{len(incidents)} incident bars on the timeline"
    assert outages, "no unplanned-outage bar on the timeline"
    assert f"INC-{ctx.incident_id}" in body_text(ctx), "the incident is missing from the list under the chart"
    screenshot(ctx, "timeline")
    d.get(ctx.url("/incidents"))
    wait(ctx, EC.presence_of_element_located((By.CSS_SELECTOR, "table.outages")), "the outage minutes table")
    screenshot(ctx, "incidents")


def test_staged_import(ctx):
    """A dry run shows its counts and first rows; Import then writes exactly that without the file being sent again."""
    import tempfile
    d = ctx.driver
    d.set_window_size(1366, 900)
    try:
        first, second = api_get(ctx, "/api/v1/servers?per_page=2")["items"]

        def row(server, description):
            return ",".join([server["name"], "" if server["cluster"] else server["region"], server["cluster"] or "",
                             server["environment"], description])
        csv = "name,region,cluster,environment,description\r\n" + row(first, first["description"]) + "\r\n" \
            + row(second, "re-racked by the e2e import") + "\r\n" + f"e2e-import-1,{first['region']},,DEV,made by the e2e import\r\n"
        folder = tempfile.mkdtemp(prefix="forewarn-e2e-import-")
        path = os.path.join(folder, "servers.csv")
        with open(path, "w", encoding="utf-8") as f:
            f.write(csv)
        d.get(ctx.url("/import?kind=servers"))
        wait(ctx, EC.presence_of_element_located((By.ID, "f-file")), "the import form")
        d.find_element(By.CSS_SELECTOR, "input[name=mode][value=upsert]").click()
        d.find_element(By.ID, "f-file").send_keys(path)
        click_and_wait_for_new_page(ctx, button(ctx, "Check (dry run)"), "the dry run")
        text = body_text(ctx)
        assert "1 to create, 1 to update, 1 unchanged" in text, page_errors(ctx)
        counts = d.find_element(By.CSS_SELECTOR, ".import-counts")
        figures = [e.text for e in counts.find_elements(By.TAG_NAME, "strong")]
        assert counts.is_displayed() and figures == ["1", "1", "1"], figures
        actions = [e.text for e in d.find_elements(By.CSS_SELECTOR, "table.import-rows .import-action")]
        assert actions == ["unchanged", "update", "create"], actions
        screenshot(ctx, "import-preview-1366")
        d.set_window_size(390, 844)
        overflow = d.execute_script("return document.documentElement.scrollWidth - document.documentElement.clientWidth;")
        assert overflow <= 1, f"the dry run scrolls sideways at 390 px by {overflow} px"
        screenshot(ctx, "import-preview-390")
        d.set_window_size(1366, 900)
        # The file is gone from the browser's machine: Import must not need it again.
        os.remove(path)
        os.rmdir(folder)
        click_and_wait_for_new_page(ctx, button(ctx, "Import: create 1, update 1"), "Import")
        assert urllib.parse.urlsplit(d.current_url).path == "/servers", d.current_url
        text = body_text(ctx)
        assert "Imported servers.csv: 1 created, 1 updated, 1 unchanged." in text, text[:400]
        screenshot(ctx, "import-done-1366")
        made = api_get(ctx, "/api/v1/servers?search=e2e-import-1")["items"]
        assert [s["name"] for s in made] == ["e2e-import-1"], made
        changed = api_get(ctx, f"/api/v1/servers/{second['id']}")
        assert changed["description"] == "re-racked by the e2e import", changed
    finally:
        d.set_window_size(1280, 1400)


def test_timeline_on_a_phone(ctx):
    """At 390 px the timeline shows the chart drawn for a phone, readable and without sideways scrolling."""
    d = ctx.driver
    d.set_window_size(390, 844)
    try:
        today = datetime.datetime.now(datetime.timezone.utc).date()
        d.get(ctx.url(f"/timeline?from={today - datetime.timedelta(days=1)}&to={today + datetime.timedelta(days=1)}"))
        narrow = wait(ctx, EC.presence_of_element_located((By.CSS_SELECTOR, ".timeline-narrow svg")), "the phone chart")
        assert narrow.is_displayed(), "the phone chart is hidden at 390 px"
        assert not d.find_element(By.CSS_SELECTOR, ".timeline-wide").is_displayed(), "the wide chart is shown at 390 px"
        width = d.execute_script("return arguments[0].getBoundingClientRect().width;", narrow)
        assert 300 <= width <= 360, f"the phone chart is {width} px wide"
        scale = d.execute_script("return arguments[0].getBoundingClientRect().width / arguments[0].viewBox.baseVal.width;", narrow)
        assert scale > 0.95, f"the phone chart is drawn at {scale:.2f}x: its text is shrunk"
        overflow = d.execute_script("return document.documentElement.scrollWidth - document.documentElement.clientWidth;")
        assert overflow <= 1, f"the timeline scrolls sideways at 390 px by {overflow} px"
        assert f"INC-{ctx.incident_id}" in body_text(ctx), "the incident is missing from the list"
        screenshot(ctx, "timeline-390")
        d.set_window_size(1366, 900)
        assert d.find_element(By.CSS_SELECTOR, ".timeline-wide").is_displayed(), "the wide chart is hidden at 1366 px"
        assert not d.find_element(By.CSS_SELECTOR, ".timeline-narrow").is_displayed(), "the phone chart is shown at 1366 px"
        screenshot(ctx, "timeline-1366")
    finally:
        d.set_window_size(1280, 1400)


TESTS = [
    test_home_page_title,
    test_inventory_from_api,
    test_fill_form_and_preview_impact,
    test_save_as_draft,
    test_announce,
    test_change_impact_report,
    test_unplanned_outage_now,
    test_dashboard,
    test_phone_menu,
    test_object_page,
    test_top_bar_fits_one_line,
    test_open_and_update_an_incident,
    test_object_page_with_incidents,
    test_status_grid,
    test_resolve_and_write_the_postmortem,
    test_timeline_shows_downtimes_and_incidents,
    test_timeline_on_a_phone,
    test_staged_import,
]


# ---------------------------------------------------------------- runner

def on_alarm(signum, frame):
    raise Watchdog(f"watchdog: the run took longer than {WATCHDOG_SECONDS} s")


def main(argv):
    if len(argv) != 2:
        print(f"usage: {argv[0]} BASE_URL", file=sys.stderr)
        print(f"e2e: 0 passed, {len(TESTS)} failed")
        return 2
    base = argv[1]
    local_only(base)
    ctx = Context(base)
    passed = failed = 0
    broken = None
    signal.signal(signal.SIGALRM, on_alarm)
    signal.alarm(WATCHDOG_SECONDS)
    began = time.monotonic()
    try:
        try:
            ctx.driver = start_browser()
        except Exception as error:  # the browser itself would not start
            broken = f"browser did not start: {error!r}".splitlines()[0]
        for test in TESTS:
            name = test.__name__
            if broken:
                failed += 1
                print(f"FAIL {name} (skipped: {broken})", flush=True)
                continue
            started = time.monotonic()
            try:
                test(ctx)
                passed += 1
                print(f"ok   {name} ({time.monotonic() - started:.1f} s)", flush=True)
            except BaseException as error:  # noqa: BLE001 - report everything, including the watchdog
                if isinstance(error, KeyboardInterrupt):
                    raise
                failed += 1
                broken = f"{name} failed"
                print(f"FAIL {name} ({time.monotonic() - started:.1f} s): {type(error).__name__}: {error}", flush=True)
                if not isinstance(error, AssertionError):
                    traceback.print_exc(limit=4, file=sys.stdout)
                if ctx.driver is not None and not isinstance(error, Watchdog):
                    try:
                        print(f"     page: {ctx.driver.current_url}", flush=True)
                        print(f"     screenshot: {screenshot(ctx, 'failure-' + name)}", flush=True)
                    except Exception:
                        pass
    finally:
        signal.alarm(0)
        if ctx.driver is not None:
            signal.alarm(10)  # quitting must not hang either
            try:
                ctx.driver.quit()
            except BaseException:
                pass
            finally:
                signal.alarm(0)
    print(f"     ({time.monotonic() - began:.1f} s in the browser; screenshots in {ARTIFACTS})", flush=True)
    print(f"e2e: {passed} passed, {failed} failed", flush=True)
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
