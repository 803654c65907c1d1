"""Editors' Markdown to safe HTML: Python-Markdown renders, nh3 sanitises, then live figures."""

import markdown
import nh3
from django.utils.safestring import mark_safe

from secteurs import valeurs
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


def markdown_sur(texte):
    """Markdown to sanitised HTML: no script, no event handler, no style, only known tags."""
    html = markdown.markdown(texte or "", extensions=["tables", "sane_lists", "toc"], output_format="html")
    # The page's title is its only <h1>: an editor's top-level heading becomes a section title.
    html = html.replace("<h1", "<h2").replace("</h1>", "</h2>")
    return nh3.clean(
        html,
        tags=BALISES,
        attributes=ATTRIBUTS,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )


def rendre(texte, date=None):
    """Safe HTML of an editor's text, with the barème's figures in force on `date` (today)."""
    html = markdown_sur(texte)
    if valeurs.MARQUEUR.search(html):
        html = valeurs.remplacer(html, baremes.bareme_du(date or baremes.aujourdhui()))
    return mark_safe(html)  # noqa: S308 -- sanitised by nh3 above; markers insert escaped values
