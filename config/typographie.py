"""French typography: the right space before high punctuation, inside guillemets and before units.

Used at save on editors' texts (`secteurs.rendu`) and on every public HTML response
(`config.middleware.TypographieMiddleware`), so that template texts, messages of the simulator and
labels of the barème follow the same rule. Never inside a tag (attributes), code, a textarea,
a marker or an address.
"""

import re

# Before « ; : ? ! » and inside « », a narrow no-break space (U+202F); before « € » and « % », a
# no-break space (U+00A0): the sign never wraps alone onto the next line of a phone's screen.
# Only existing spaces are changed (« 20:00 », « https://… » have none): typing none is the
# editor's choice, and guessing one would break times, ratios and addresses.
FINE = "\u202f"
INSECABLE = "\u00a0"
_ESPACES = r"(?<![ \u00a0\u202f])[ \u00a0\u202f]++"
# Only in the text: the next angle bracket must open a tag (so never inside one, an attribute).
_DANS_LE_TEXTE = r"(?=[^<>]*(?:<|\Z))"
_PASSE = re.compile(
    # Left as they are: code and the like, editors' markers (their own grammar).
    r"(?P<garde><(?P<nom>code|pre|kbd|samp|script|style|textarea)\b.*?</(?P=nom)\s*>|\{\{[^{}]{0,300}\}\})"
    rf"|(?P<ponctuation>{_ESPACES}(?=[;:?!»]){_DANS_LE_TEXTE})"
    rf"|(?P<guillemet>«{_ESPACES}{_DANS_LE_TEXTE})"
    rf"|(?P<unite>(?<=\S){_ESPACES}(?=[€%]){_DANS_LE_TEXTE})",
    re.S,
)


def _remplacer(trouve):
    if trouve.group("garde") is not None:
        return trouve.group(0)
    if trouve.group("ponctuation") is not None:
        return FINE
    if trouve.group("guillemet") is not None:
        return "«" + FINE
    return INSECABLE


def typographie(html):
    """French spaces in the text of an HTML fragment: never in a tag (its attributes), nor in
    code, pre, a textarea or an editor's marker. Addresses have no spaces, so they never change."""
    if not html:
        return ""
    # Spaces written as entities are the same characters: one form, so one fast pattern.
    for entite, caractere in (("&nbsp;", INSECABLE), ("&#160;", INSECABLE), ("&#8239;", FINE)):
        html = html.replace(entite, caractere)
    return _PASSE.sub(_remplacer, html)


def typographie_texte(texte):
    """French spaces in a plain text (a title, a question)."""
    return typographie(texte)


def typographier(reponse):
    """French spaces in an HTML response, once (the page cache does it before storing)."""
    if (
        getattr(reponse, "typographie_faite", False)
        or reponse.streaming
        or not reponse.get("Content-Type", "").startswith("text/html")
        or reponse.has_header("Content-Encoding")
    ):
        return reponse
    reponse.content = typographie(reponse.content.decode(reponse.charset)).encode(reponse.charset)
    reponse.typographie_faite = True
    return reponse
