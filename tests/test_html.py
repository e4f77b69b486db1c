"""The HTML view, tested in a real browser: Debian's Chromium, driven by Playwright.

.ci/run installs Chromium (apt-get install chromium); on a developer's machine
without it these tests skip, and say so. Playwright's own browser download is
never used: it launches the system browser by path.
"""

from __future__ import annotations

import json
import shutil
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import REFERENCE
from tiny_marian import CORPUS
from translate.cli import app

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no Chromium on this machine: apt-get install chromium (.ci/run installs it)")
# The flags a headless Chromium needs here: root (no sandbox), no GPU, and no calls home.
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="module")
def browser():
    playwright = pytest.importorskip("playwright.sync_api")
    with playwright.sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def seed_view(tmp_path_factory):
    folder = tmp_path_factory.mktemp("html")
    html, result = folder / "report.html", folder / "result.json"
    outcome = CliRunner().invoke(app, ["run", str(CORPUS), "--translations", str(REFERENCE), "--json", str(result), "--html", str(html), "-o", str(folder / "r.md")])
    assert outcome.exit_code == 0, outcome.output
    return html, json.loads(result.read_text(encoding="utf-8"))


def _open(browser, path: Path, width: int = 1400):
    page = browser.new_page(viewport={"width": width, "height": 900})
    requests, errors = [], []
    page.on("request", lambda r: requests.append(r.url))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(path.as_uri())
    return page, requests, errors


def test_every_claim_of_the_json_is_one_element_with_its_status(browser, seed_view):
    html, data = seed_view
    page, requests, errors = _open(browser, html)
    found = page.eval_on_selector_all("[data-claim]", "els => els.map(e => [e.dataset.claim, e.dataset.status])")
    assert sorted(map(tuple, found)) == sorted((c["id"], c["status"]) for c in data["claims"])
    assert Counter(s for _, s in found) == Counter(c["status"] for c in data["claims"])
    assert page.locator("article.doc").count() == 5
    assert errors == []
    assert requests == [html.as_uri()]  # nothing but the file itself: no font, script, style or image fetched


def test_clicking_a_shared_claim_marks_its_counterpart_and_shows_the_evidence(browser, seed_view):
    html, data = seed_view
    page, _, errors = _open(browser, html)
    (blinken,) = [c for c in data["claims"] if c["document"] == "002" and "Antony Blinken flew to China" in c["text"]]
    counterpart = blinken["matches"][0]["claim"]
    page.eval_on_selector(f'[data-claim="{blinken["id"]}"]', "e => e.click()")  # as a reader clicks what they see: no scrolling first
    assert page.eval_on_selector_all(".counterpart", "els => els.map(e => e.dataset.claim)") == [counterpart]
    assert page.locator(".selected").get_attribute("data-claim") == blinken["id"]
    panel = page.locator("#panel")
    assert panel.is_visible()
    assert f"Shared: {counterpart} (004)" in panel.inner_text() and "TF-IDF cosine 0.87" in panel.inner_text()
    # The counterpart's own column scrolled to it; the page did not move.
    assert page.evaluate("window.scrollY") == 0
    assert page.locator(f'[data-claim="{counterpart}"]').is_visible()
    assert errors == []


def test_the_keyboard_reaches_claims_and_the_filter_keeps_one_status(browser, seed_view):
    html, data = seed_view
    page, _, _ = _open(browser, html)
    page.focus('[data-claim="002.6"]')
    assert page.locator("#panel").is_visible()
    page.keyboard.press("Escape")
    assert not page.locator("#panel").is_visible()
    page.select_option("#filter", "recurring")
    kept = page.eval_on_selector_all("[data-claim].kept", "els => els.map(e => e.dataset.status)")
    assert kept and set(kept) == {"recurring"} and len(kept) == sum(c["status"] == "recurring" for c in data["claims"])
    dimmed = page.eval_on_selector('[data-claim][data-status="only_here"]', "e => getComputedStyle(e).opacity")
    assert float(dimmed) < 0.5


def test_a_translated_article_shows_its_original_or_its_english(browser, seed_view):
    html, _ = seed_view
    page, _, _ = _open(browser, html)
    first = page.locator('[data-claim="000.0"]')
    assert first.inner_text().startswith("Etter møtet har de to lederne")
    page.click('button[data-toggle="doc-1"]')
    assert first.inner_text().startswith("After the meeting, the two leaders")
    assert page.locator('button[data-toggle="doc-1"]').inner_text() == "Show the original"


def test_a_narrow_screen_stacks_the_columns(browser, seed_view):
    html, _ = seed_view
    page, _, _ = _open(browser, html, width=600)
    boxes = [page.locator(f"#doc-{n}").bounding_box() for n in (1, 2)]
    assert boxes[1]["y"] > boxes[0]["y"] + boxes[0]["height"] - 1 and abs(boxes[1]["x"] - boxes[0]["x"]) < 2


HOSTILE = (
    'Putin visited Beijing on Thursday. <script>window.__pwned = 1</script> '
    '<img src=x onerror="window.__pwned = 2"> <a href="javascript:window.__pwned=3">click</a> '
    "</textarea><!-- hidden --> \u202eevil\u202c reversed. <style>body{display:none}</style>\n\n"
    '"</script><script>window.__pwned = 4</script> Xi agreed.'
)


def test_hostile_article_text_shows_as_text_and_runs_nothing(browser, tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(CORPUS / "004_7ff8c7b226afe9a9.txt", corpus / "004.txt")
    (corpus / "005.txt").write_text(HOSTILE, encoding="utf-8")
    (corpus / "corpus.toml").write_text(
        '[[documents]]\nfile = "004.txt"\nid = "004"\nlanguage = "en"\n\n'
        '[[documents]]\nfile = "005.txt"\nid = "<b>005</b>"\nlanguage = "en"\ntitle = "<script>window.__pwned = 5</script>"\n'
        'outlet = "</title><script>window.__pwned = 6</script>"\nurl = "javascript:window.__pwned = 7"\n',
        encoding="utf-8",
    )
    html = tmp_path / "r.html"
    outcome = CliRunner().invoke(app, ["run", str(corpus), "--html", str(html), "-o", str(tmp_path / "r.md")])
    assert outcome.exit_code == 0, outcome.output
    page, requests, errors = _open(browser, html)
    for claim in page.eval_on_selector_all("[data-claim]", "els => els.map(e => e.dataset.claim)"):
        page.click(f'[data-claim="{claim}"]', force=True)
    page.click("a", timeout=1000) if page.locator("a").count() else None
    assert page.evaluate("window.__pwned") is None
    assert page.locator("script").count() == 2  # the page's own: its data and its code
    assert page.locator("img, a, iframe, textarea, style").count() == 1  # the page's own style only
    body = page.locator("body").inner_text()
    assert "<script>window.__pwned = 1</script>" in body and 'onerror="window.__pwned = 2"' in body
    assert "⟨U+202E⟩evil⟨U+202C⟩" in body  # the override is shown, not obeyed
    assert requests == [html.as_uri()] and errors == []


def test_the_page_forbids_every_fetch_by_content_security_policy(seed_view):
    html, _ = seed_view
    text = html.read_text(encoding="utf-8")
    assert "default-src 'none'" in text and "connect-src 'none'" in text and "img-src 'none'" in text
    assert "'unsafe-inline'" not in text and "script-src 'sha256-" in text
    assert "http://" not in text and "https://" not in text
