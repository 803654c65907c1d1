"""Helpers shared by browser tests."""

from pathlib import Path

from axe_playwright_python.sync_playwright import Axe

CAPTURES = Path(__file__).resolve().parents[2] / "captures"
NORMES = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


def violations_axe(page):
    # axe-core sets inline styles while it measures contrast: our CSP rightly blocks them, and the
    # `surveillance` fixture must not count those reports against the site.
    # A click on a link returns once the navigation has started: audit the page it leads to,
    # whole, not the document being parsed (« no main landmark » on a half-read page).
    page.wait_for_load_state("load")
    page.axe_en_cours = True
    try:
        resultats = Axe().run(page, options={"runOnly": {"type": "tag", "values": NORMES}})
        # Let the console events of the run arrive while flagged: a round trip through the page
        # returns after the reports it sent before (the page may run without JavaScript timers).
        page.wait_for_timeout(50)
        page.evaluate("() => 0")
    finally:
        page.axe_en_cours = False
    return [(v["id"], [n["target"] for n in v["nodes"]]) for v in resultats.response["violations"]]


def defilement_horizontal(page):
    return page.evaluate("document.documentElement.scrollWidth > document.documentElement.clientWidth")


def capture(page, nom):
    CAPTURES.mkdir(exist_ok=True)
    # caret="initial": hiding the caret would leave empty `style` attributes on the inputs, which
    # htmx copies onto the elements it swaps in, and the CSP rightly reports.
    page.screenshot(path=str(CAPTURES / f"{nom}.png"), full_page=True, caret="initial")
