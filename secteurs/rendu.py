"""Editors' Markdown to safe HTML, once, when they save; then only the markers, at request time.

`preparer()` runs at save: Python-Markdown renders, nh3 sanitises, the result is stored next to
the Markdown (`corps_html`…). The markers (`{{ … }}`) survive as text, and validation reads
exactly that stored HTML, so an entity-encoded marker cannot slip past it. `resoudre()` runs at
request time and only replaces the markers with today's figures (`secteurs.marqueurs`).
"""

import functools

import markdown
import nh3
from django.utils.safestring import mark_safe

from config.typographie import typographie, typographie_texte  # noqa: F401 -- used at save
from secteurs import marqueurs
from simulateur import baremes

BALISES = {
    "p",
    "br",
    "hr",
    "h2",
    "h3",
    "h4",
    "ul",
    "ol",
    "li",
    "a",
    "strong",
    "em",
    "blockquote",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "code",
    "abbr",
    "sup",
    "sub",
}
ATTRIBUTS = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "th": {"scope"},
    "h2": {"id"},
    "h3": {"id"},
    "h4": {"id"},
}


@functools.lru_cache(maxsize=256)
def preparer(texte):
    """Markdown to sanitised HTML: no script, no event handler, no style, only known tags, with
    French typography. A pure function of the text, kept for the last texts: validation and
    saving each prepare the same text."""
    html = markdown.markdown(texte or "", extensions=["tables", "sane_lists", "toc"], output_format="html")
    # The page's title is its only <h1>: an editor's top-level heading becomes a section title.
    html = html.replace("<h1", "<h2").replace("</h1>", "</h2>")
    propre = nh3.clean(
        html,
        tags=BALISES,
        attributes=ATTRIBUTS,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )
    return typographie(propre)


def resoudre(html, origine="", date=None):
    """Stored HTML with the barème's figures in force on `date` (today) in place of its markers."""
    if "{{" in html:
        try:
            bareme = baremes.bareme_du(date or baremes.aujourdhui())
        except baremes.HorsPlage:
            bareme = None
        if bareme is None:
            html = marqueurs.MARQUEUR.sub(marqueurs.INDISPONIBLE, html)
        else:
            html = marqueurs.remplacer(html, bareme, origine)
    return mark_safe(html)  # noqa: S308 -- sanitised by nh3 at save; markers insert escaped values
