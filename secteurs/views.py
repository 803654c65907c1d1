import functools
import unicodedata
from itertools import groupby

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers

from secteurs.models import Page, Question, Terme
from simulateur import baremes, calcul
from simulateur.forms import AGE_ADULTE
from simulateur.models import Parametre, Tarif

QUESTIONS_A_LA_UNE = 6
# Pages shown inside another view (their own address would duplicate it).
PAGES_INTEGREES = {"glossaire", "secteurs"}


def cache_public(vue):
    """Serves anonymous visitors from memory: pages are rebuilt at most every
    `PAGES_CACHE_SECONDS`, at once when this process saves content or the barème, and each day.
    Staff (who preview drafts) always get a fresh page."""

    @functools.wraps(vue)
    def enveloppe(request, *args, **kwargs):
        if settings.SESSION_COOKIE_NAME in request.COOKIES or request.method not in ("GET", "HEAD"):
            return vue(request, *args, **kwargs)
        cle = "page:{}:{}:{}:{}:{}".format(
            cache.get_or_set("generation-contenus", 0, None),
            baremes.aujourdhui().isoformat(),
            request.headers.get("HX-Request", ""),
            request.headers.get("HX-History-Restore-Request", ""),
            request.get_full_path(),
        )
        reponse = cache.get(cle)
        if reponse is None:
            reponse = vue(request, *args, **kwargs)
            if reponse.status_code == 200:
                cache.set(cle, reponse, settings.PAGES_CACHE_SECONDS)
        return reponse

    return enveloppe


def contenus_modifies(**kwargs):
    try:
        cache.incr("generation-contenus")
    except ValueError:
        cache.set("generation-contenus", 1, None)


def visibles(modele, request):
    """Published items for the public; everything for staff, who preview drafts."""
    return modele.objects.all() if request.user.is_staff else modele.objects.publies()


@require_safe
@cache_public
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
    bareme = baremes.bareme_du(baremes.aujourdhui())
    return {
        "tarif_generaliste": bareme.tarif(
            "generaliste", calcul.Categorie.OPPOSABLE, calcul.Parcours.DANS, AGE_ADULTE
        ).montant,
        "taux_amo": bareme.parametre("taux-amo"),
        "pf": bareme.parametre("participation-forfaitaire"),
    }


@require_safe
@cache_public
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
@cache_public
def secteur(request, slug):
    page = get_object_or_404(visibles(Page, request), slug=slug, rubrique=Page.Rubrique.SECTEUR)
    autres = visibles(Page, request).filter(rubrique=Page.Rubrique.SECTEUR).exclude(pk=page.pk)
    fil = [("Comprendre les secteurs", reverse("secteurs:liste"))]
    return render(request, "secteurs/page.html", {"page": page, "autres": autres, "fil": fil})


@require_safe
@cache_public
def page(request, slug):
    page = get_object_or_404(
        visibles(Page, request).exclude(rubrique=Page.Rubrique.SECTEUR).exclude(slug__in=PAGES_INTEGREES),
        slug=slug,
    )
    return render(request, "secteurs/page.html", {"page": page, "autres": [], "fil": []})


@require_safe
@cache_public
def glossaire(request):
    return render(
        request,
        "secteurs/glossaire.html",
        {
            "page": get_object_or_404(visibles(Page, request), slug="glossaire"),
            "termes": visibles(Terme, request),
        },
    )


def sans_accents(texte):
    decompose = unicodedata.normalize("NFKD", texte.casefold())
    return "".join(c for c in decompose if not unicodedata.combining(c))


@require_safe
@cache_public
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
@cache_public
def question(request, slug):
    question = get_object_or_404(visibles(Question, request).select_related("theme"), slug=slug)
    voisines = visibles(Question, request).filter(theme=question.theme).exclude(pk=question.pk)
    fil = [("Questions fréquentes", reverse("secteurs:faq"))]
    return render(request, "secteurs/question.html", {"question": question, "voisines": voisines, "fil": fil})


@require_safe
@cache_public
def tarifs(request):
    """Every doctor's tariffs in force today, with the value each replaced and since when."""
    aujourdhui = baremes.aujourdhui()
    lignes = list(Tarif.objects.select_related("medecin").order_by("debut"))
    precedentes = {}
    en_vigueur = []
    for ligne in lignes:
        cle = (ligne.medecin_id, ligne.categorie, ligne.parcours, ligne.age_min, ligne.age_max)
        if ligne.debut <= aujourdhui and (ligne.fin is None or ligne.fin >= aujourdhui):
            en_vigueur.append((ligne, precedentes.get(cle)))
        elif ligne.debut <= aujourdhui:
            precedentes[cle] = ligne
    medecins = []
    for medecin in baremes.medecins():
        propres = [(t, p) for t, p in en_vigueur if t.medecin.slug == medecin.slug]
        medecins.append(
            {
                "medecin": medecin,
                "opposables": [x for x in propres if x[0].categorie == Tarif.Categorie.OPPOSABLE],
                "autres": [x for x in propres if x[0].categorie != Tarif.Categorie.OPPOSABLE],
            }
        )
    parametres = Parametre.objects.en_vigueur(aujourdhui)
    return render(
        request,
        "secteurs/tarifs.html",
        {
            "medecins": medecins,
            "parametres": parametres,
            "aujourdhui": aujourdhui,
            "date_tarifs": max(ligne.debut for ligne in lignes if ligne.debut <= aujourdhui),
            "premier_jour": lignes[0].debut if lignes else None,
        },
    )
