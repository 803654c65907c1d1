"""French typography on every public page (issue 16): no plain space before « ; : ? ! », inside
« », or before « € » and « % » in the visible text. A narrow no-break space (U+202F) goes before
« ; : ? ! » and inside « », a no-break space (U+00A0) before « € » and « % »."""

import html as html_module
import re
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from config import typographie
from secteurs import rendu

pytestmark = pytest.mark.django_db

CACHE = re.compile(r"<(script|style|code|pre|kbd|samp|template)\b.*?</\1>", re.S | re.I)
BALISE = re.compile(r"<[^>]*>")
FAUTES = re.compile(r"(?<=\S)[ \u00a0]+[;:?!»]|«[ \u00a0]+|(?<=\S) +[€%]")
SIMULATIONS = [
    {},
    {"age": "40", "calculer": "1"},
    {"age": "40", "secteur": "2", "honoraires": "60", "mutuelle": "200", "parcours": "non", "calculer": "1"},
    {"age": "8", "medecin": "pediatre", "css": "oui", "calculer": "1"},
    {"age": "85", "lieu": "domicile", "visite_justifiee": "oui", "horaire": "dimanche", "calculer": "1"},
    {"age": "40", "lieu": "teleconsultation", "parcours": "non", "calculer": "1"},
    {"age": "40", "secteur": "3", "honoraires": "80", "ald": "oui", "calculer": "1"},
    {"age": "40", "secteur": "2-optam", "honoraires": "90", "participations_annee": "50", "calculer": "1"},
    {"age": "abc", "honoraires": "x", "calculer": "1"},
]


def texte_visible(page):
    page = CACHE.sub(" ", page)
    return html_module.unescape(BALISE.sub("", page))


def fautes(texte):
    return [texte[max(0, t.start() - 30) : t.end() + 10] for t in FAUTES.finditer(texte)]


def urls_du_plan(client):
    plan = client.get("/sitemap.xml").content.decode()
    return sorted({re.sub(r"^https?://[^/]+", "", u) for u in re.findall(r"<loc>([^<]+)</loc>", plan)})


def test_aucune_espace_ordinaire_avant_la_ponctuation_haute(client):
    pages = {url: client.get(url) for url in urls_du_plan(client)}
    pages["/tarifs-en-vigueur/"] = client.get("/tarifs-en-vigueur/")
    for i, donnees in enumerate(SIMULATIONS):
        pages[f"/simulateur/ (état {i})"] = (
            client.post("/simulateur/", donnees) if donnees else client.get("/simulateur/")
        )
    # The directory (without an edition loaded: the page says so), the API's documentation, and
    # the French error pages.
    for url in ("/trouver-un-medecin/", "/trouver-un-medecin/?nom=martin&lieu=paris", "/api/"):
        pages[url] = client.get(url)
    erreurs = {
        "404": client.get("/page-qui-n-existe-pas/"),
        "405": client.put("/simulateur/"),
        "413": client.post("/simulateur/", "x" * 70_000, content_type="application/x-www-form-urlencoded"),
    }
    assert len(pages) > 40
    releve = Counter()
    exemples = {}
    for url, reponse in [*pages.items(), *erreurs.items()]:
        assert reponse.status_code == (int(url) if url in erreurs else 200), url
        trouvees = fautes(texte_visible(reponse.content.decode()))
        if trouvees:
            releve[url] = len(trouvees)
            exemples[url] = trouvees[:3]
    assert not releve, f"{sum(releve.values())} espaces à corriger : {exemples}"


@pytest.mark.parametrize(
    ("source", "attendu"),
    [
        ("Prix : 30 €", "Prix\u202f: 30\u00a0€"),
        ("« Secteur 1 » ?", "«\u202fSecteur 1\u202f»\u202f?"),
        ("Oui ! 70 %", "Oui\u202f! 70\u00a0%"),
        (
            "À 20:00 ; voir https://exemple.fr/a?b=1 : fin",
            "À 20:00\u202f; voir https://exemple.fr/a?b=1\u202f: fin",
        ),
        ("{{ tarif medecin=generaliste }} €", "{{ tarif medecin=generaliste }}\u00a0€"),
        ("écrire à contact@exemple.fr !", "écrire à contact@exemple.fr\u202f!"),
    ],
)
def test_typographie_d_un_texte(source, attendu):
    assert rendu.typographie_texte(source) == attendu


def test_typographie_jamais_dans_le_code_ni_les_attributs():
    html = rendu.preparer('Un [lien](https://exemple.fr/?q=a "titre : b") : et `code : x` ; fin.')
    assert 'title="titre : b"' in html
    assert "<code>code : x</code>" in html
    assert "</a>\u202f: et" in html and "\u202f; fin" in html


# The fast path (signs found first, then looked around) and the text-by-text loop must agree on
# any fragment, well-formed or not: tags with attributes, stray angle brackets, entities, code,
# markers, lines that open on a unit.
MORCEAUX = [
    " ", "\u00a0", "\u202f", "\n", "\t", ";", ":", "?", "!", "«", "»", "€", "%", "a", "1", "<", ">",
    "<b>", "</b>", '<a title="x : y">', "</a>", "&nbsp;", "&#160;", "&#8239;", "{{", "}}",
    "<code>", "</code>", "<pre>", "</pre>", " €", " :", "« ", " »", '<script src="a : b">', "<script>",
    "</script>", "<SCRIPT defer>", "</script >", "x : y",
]  # fmt: skip


@given(st.lists(st.sampled_from(MORCEAUX), max_size=40).map("".join))
@settings(max_examples=3000, deadline=None, derandomize=True)
def test_le_chemin_rapide_donne_ce_que_donne_la_boucle(fragment):
    assert typographie.typographie(fragment) == typographie._typographie_par_morceaux(fragment)


def test_le_resultat_du_simulateur_prend_le_chemin_rapide(client):
    """The live answer and the whole page have nothing to keep as it is (no code, no marker,
    only empty scripts): they take the fast path."""
    for page in (
        client.post("/simulateur/", SIMULATIONS[2], HTTP_HX_REQUEST="true"),
        client.post("/simulateur/", SIMULATIONS[2]),
        client.get("/"),
    ):
        html = page.content.decode()
        assert typographie._rien_a_garder(html)
        assert typographie._typographie_rapide(html) == html  # already done, and idempotent
