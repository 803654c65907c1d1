import unicodedata
from itertools import groupby

from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers

from config.cache_pages import page_en_cache
from secteurs.models import Page, Question, Terme, cle_alphabetique
from simulateur import baremes, calcul, contrat

QUESTIONS_A_LA_UNE = 6
# Pages shown inside another view (their own address would duplicate it).
PAGES_INTEGREES = {"glossaire", "secteurs"}


def visibles(modele, request):
    """Published items for the public; everything for staff, who preview drafts."""
    return modele.objects.all() if request.user.is_staff else modele.objects.publies()


@require_safe
@page_en_cache()
def accueil(request):
    questions = visibles(Question, request).select_related("theme")[:QUESTIONS_A_LA_UNE]
    return render(
        request,
        "secteurs/accueil.html",
        {
            "questions": questions,
            "secteurs": visibles(Page, request).filter(rubrique=Page.Rubrique.SECTEUR),
            "date_tarifs": baremes.date_dernier_changement(),
            **chiffres_du_jour(),
        },
    )


def chiffres_du_jour():
    """Today's GP tariff, AMO rate and participation; None for a figure the barème lacks (the
    page then says it is unavailable rather than failing)."""
    try:
        bareme = baremes.bareme_du(baremes.aujourdhui())
    except baremes.HorsPlage:
        return {"tarif_generaliste": None, "taux_amo": None, "pf": None}
    chiffres = {}
    for nom, lire in (
        (
            "tarif_generaliste",
            lambda: (
                bareme.tarif(
                    "generaliste", calcul.Categorie.OPPOSABLE, calcul.Parcours.DANS, contrat.AGE_ADULTE
                ).montant
            ),
        ),
        ("taux_amo", lambda: bareme.parametre("taux-amo")),
        ("pf", lambda: bareme.parametre("participation-forfaitaire")),
    ):
        try:
            chiffres[nom] = lire()
        except calcul.TarifInconnu:
            chiffres[nom] = None
    return chiffres


@require_safe
@page_en_cache()
def liste_secteurs(request):
    return render(
        request,
        "secteurs/liste.html",
        {
            "introduction": visibles(Page, request).filter(slug="secteurs").first(),
            "pages": visibles(Page, request).filter(rubrique=Page.Rubrique.SECTEUR),
        },
    )


@require_safe
@page_en_cache()
def secteur(request, slug):
    page = get_object_or_404(visibles(Page, request), slug=slug, rubrique=Page.Rubrique.SECTEUR)
    autres = visibles(Page, request).filter(rubrique=Page.Rubrique.SECTEUR).exclude(pk=page.pk)
    fil = [("Comprendre les secteurs", reverse("secteurs:liste"))]
    return render(request, "secteurs/page.html", {"page": page, "autres": autres, "fil": fil})


@require_safe
@page_en_cache()
def page(request, slug):
    page = get_object_or_404(
        visibles(Page, request).exclude(rubrique=Page.Rubrique.SECTEUR).exclude(slug__in=PAGES_INTEGREES),
        slug=slug,
    )
    return render(request, "secteurs/page.html", {"page": page, "autres": [], "fil": []})


@require_safe
@page_en_cache()
def glossaire(request):
    return render(
        request,
        "secteurs/glossaire.html",
        {
            "page": get_object_or_404(visibles(Page, request), slug="glossaire"),
            "termes": sorted(visibles(Terme, request), key=lambda t: cle_alphabetique(t.terme)),
        },
    )


def sans_accents(texte):
    decompose = unicodedata.normalize("NFKD", texte.casefold())
    return "".join(c for c in decompose if not unicodedata.combining(c))


@require_safe
@page_en_cache("q")
@vary_on_headers("HX-Request")
def faq(request):
    recherche = request.GET.get("q", "")[:100].strip()
    questions = list(visibles(Question, request).select_related("theme"))
    if recherche:
        mots = sans_accents(recherche).split()
        questions = [
            q
            for q in questions
            if all(m in sans_accents(f"{q.question} {q.reponse} {q.theme}") for m in mots)
        ]
    themes = [(theme, list(items)) for theme, items in groupby(questions, key=lambda q: q.theme)]
    template = "secteurs/faq.html"
    if request.htmx and not request.htmx.history_restore_request:
        template += "#resultats"
    return render(
        request,
        template,
        {"themes": themes, "recherche": recherche, "nombre": len(questions)},
    )


@require_safe
@page_en_cache()
def question(request, slug):
    question = get_object_or_404(visibles(Question, request).select_related("theme"), slug=slug)
    voisines = visibles(Question, request).filter(theme=question.theme).exclude(pk=question.pk)
    fil = [("Questions fréquentes", reverse("secteurs:faq"))]
    return render(request, "secteurs/question.html", {"question": question, "voisines": voisines, "fil": fil})
