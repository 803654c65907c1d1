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
_ESPACES = r"(?: |\u00a0|\u202f|&nbsp;|&#160;|&#8239;)+"
_AVANT_PONCTUATION = re.compile(rf"{_ESPACES}(?=[;:?!»])")
_APRES_GUILLEMET = re.compile(rf"«{_ESPACES}")
_AVANT_UNITE = re.compile(rf"(?<=[^\s>]){_ESPACES}(?=[€%])|^{_ESPACES}(?=[€%])")
# Never changed: markers (their own grammar), addresses in the text.
_INTOUCHABLE = re.compile(
    r"\{\{[^{}]{0,300}\}\}|(?:https?://|mailto:|www\.)[^\s<>]+|[\w.+-]+@[\w-]+\.[\w.-]+"
)
_BALISE = re.compile(r"(<[^>]*>)")
_SANS_TYPOGRAPHIE = {"code", "pre", "kbd", "samp", "script", "style", "textarea"}


def _typographie_morceau(texte):
    resultat, debut = [], 0
    for trouve in _INTOUCHABLE.finditer(texte):
        resultat.append(_regles(texte[debut : trouve.start()]))
        resultat.append(trouve.group(0))
        debut = trouve.end()
    resultat.append(_regles(texte[debut:]))
    return "".join(resultat)


def _regles(texte):
    texte = _AVANT_PONCTUATION.sub(FINE, texte)
    texte = _APRES_GUILLEMET.sub("«" + FINE, texte)
    return _AVANT_UNITE.sub(INSECABLE, texte)


def typographie_texte(texte):
    """French spaces in a plain text (a title, a question)."""
    return _typographie_morceau(texte or "")


def typographie(html):
    """French spaces in the text of an HTML fragment: never in a tag (its attributes), nor in
    code, pre, a marker or an address."""
    morceaux = _BALISE.split(html or "")
    ignore = 0
    for i, morceau in enumerate(morceaux):
        if i % 2:  # a tag
            nom = re.match(r"</?\s*([a-zA-Z0-9]+)", morceau)
            if nom and nom.group(1).lower() in _SANS_TYPOGRAPHIE and not morceau.endswith("/>"):
                ignore += -1 if morceau.startswith("</") else 1
                ignore = max(ignore, 0)
        elif not ignore:
            morceaux[i] = _typographie_morceau(morceau)
    return "".join(morceaux)
