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
# The page is cut at its tags (a fast C split on « < »): only the text between tags changes, so
# a tag and its attributes never do. Text inside code and the like is kept as it is.
_BALISE = re.compile(r"(<[^>]*>)")
_GARDEES = re.compile(r"<(/?)(code|pre|kbd|samp|script|style|textarea)\b", re.I)
_MARQUEUR = re.compile(r"(\{\{[^{}]{0,300}\}\})")  # editors' markers keep their own grammar
_SIGNES = re.compile(r"[;:?!»«€%]")
_ESPACES = "[ \u00a0\u202f]+"
_PONCTUATION = re.compile(rf"{_ESPACES}(?=[;:?!»])")
_GUILLEMET = re.compile(rf"«{_ESPACES}")
_UNITE = re.compile(rf"(?<=\S){_ESPACES}(?=[€%])")  # « 12 € », not a space that opens a line
_UNITE_EN_TETE = re.compile(rf"^{_ESPACES}(?=[€%])")  # « <data>12</data> € »: after a tag


def _texte(morceau, apres_une_balise):
    if not _SIGNES.search(morceau):
        return morceau
    if "{{" in morceau and _MARQUEUR.search(morceau):  # a malformed marker is plain text
        parties = _MARQUEUR.split(morceau)
        return "".join(
            partie if i % 2 else _texte(partie, apres_une_balise or i > 0) for i, partie in enumerate(parties)
        )
    morceau = _PONCTUATION.sub(FINE, morceau)
    morceau = _GUILLEMET.sub("«" + FINE, morceau)
    if apres_une_balise and morceau[:1] in (" ", INSECABLE, FINE):
        morceau = _UNITE_EN_TETE.sub(INSECABLE, morceau)
    return _UNITE.sub(INSECABLE, morceau)


# The fast path, for pages with no code-like element and no marker: find the few signs (a
# C-level search), then look around each one with string searches. It gives
# exactly what the text-by-text loop gives (config/tests/test_typographie.py compares both on
# generated pages); the loop costs a Python step per tag, several times more on a result page.
_ESPACE = " \u00a0\u202f"
_GARDEES_PARTOUT = re.compile(r"<(/?)(code|pre|kbd|samp|script|style|textarea)\b", re.I)
_SCRIPT_VIDE = re.compile(r"<script\b[^>]*>\s*</script\s*>", re.I)  # <script src="…" defer></script>


def _rien_a_garder(html):
    """No marker, and no code-like element but empty scripts (a page's `<script src>`): nothing
    the loop would keep as it is, so the fast path gives the same page."""
    if "{{" in html:
        return False
    gardees = len(_GARDEES_PARTOUT.findall(html))
    return gardees == 0 or gardees == 2 * len(_SCRIPT_VIDE.findall(html))


def _dans_une_balise(html, position):
    """Whether `position` falls inside a tag as `_BALISE` cuts the page: a tag never holds a
    « > » before its end, so it would start after the last « > » and end at the next one."""
    return html.rfind("<", 0, position) > html.rfind(">", 0, position) and html.find(">", position) != -1


def _typographie_rapide(html):
    morceaux = []
    debut = 0  # what is before `debut` is written
    for trouve in _SIGNES.finditer(html):
        position = trouve.start()
        signe = html[position]
        if signe == "«":
            fin = position + 1
            if fin == len(html) or html[fin] not in _ESPACE or _dans_une_balise(html, position):
                continue
            while fin < len(html) and html[fin] in _ESPACE:
                fin += 1
            # « « 12 € »: the same spaces sit before a unit, which wins (the loop's last rule).
            espace = INSECABLE if fin < len(html) and html[fin] in "€%" else FINE
            morceaux += (html[debut:position], "«", espace)
            debut = fin
            continue
        if position <= debut or html[position - 1] not in _ESPACE or _dans_une_balise(html, position):
            continue
        espaces = position
        while espaces > debut and html[espaces - 1] in _ESPACE:
            espaces -= 1
        if signe in "€%":
            if espaces == 0 or html[espaces - 1].isspace():
                continue  # a space that opens a line is left alone
            morceaux += (html[debut:espaces], INSECABLE)
        else:
            morceaux += (html[debut:espaces], FINE)
        debut = position
    morceaux.append(html[debut:])
    return "".join(morceaux)


def _entites(html):
    # Spaces written as entities are the same characters: one form, so simple patterns.
    for entite, caractere in (("&nbsp;", INSECABLE), ("&#160;", INSECABLE), ("&#8239;", FINE)):
        html = html.replace(entite, caractere)
    return html


def typographie(html):
    """French spaces in the text of an HTML fragment: never in a tag (its attributes), nor in
    code, pre, a textarea or an editor's marker. Addresses have no spaces, so they never change."""
    if not html:
        return ""
    html = _entites(html)
    if _rien_a_garder(html):
        return _typographie_rapide(html)
    return _typographie_par_morceaux(html)


def _typographie_par_morceaux(html):
    """The general case, text by text between the tags, with code and markers kept."""
    html = _entites(html)
    morceaux = _BALISE.split(html)  # text, tag, text, tag…, text
    garde = None
    for i in range(0, len(morceaux), 2):
        if i:
            balise = _GARDEES.match(morceaux[i - 1])
            if balise:
                fermante, nom = balise.groups()
                if fermante and garde == nom.lower():
                    garde = None
                elif not fermante and garde is None:
                    garde = nom.lower()
        if garde is None and morceaux[i]:
            morceaux[i] = _texte(morceaux[i], apres_une_balise=i > 0)
    return "".join(morceaux)


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
