from django.db.models import OuterRef, Subquery
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.text import capfirst
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_safe
from django.views.decorators.vary import vary_on_headers

from annuaire.models import Edition
from config import cache_pages, jinja2
from simulateur import baremes, calcul, contrat, series
from simulateur.forms import Formulaire
from simulateur.models import Acte, Majoration, Parametre, Tarif

# Health answers (ALD, grossesse, CSS) never leave this request: no cookie, no log, no storage,
# `no-store` for caches, and hidden from error reports.
#
# CSRF exemption: this view only computes and answers; it stores and changes nothing, and sets
# no cookie, so a forged request could achieve nothing, while a CSRF token would set a cookie on
# a public page.


@csrf_exempt
@sensitive_post_parameters()
@never_cache
@vary_on_headers("HX-Request")
@require_http_methods(["GET", "HEAD", "POST"])
def simulateur(request):
    if request.method != "POST":
        pre_remplissage = pre_remplissage_valide(request.GET)
        # A link from the directory (« Trouver un médecin ») says so: the page then names the
        # directory's edition next to the sector. Not a health field.
        annuaire = "secteur" in pre_remplissage and request.GET.get("source") == "annuaire"
        if request.htmx and not request.htmx.history_restore_request:
            return formulaire(request, Formulaire.vierge(pre_remplissage), explicite=False, annuaire=annuaire)
        # The empty form is the same for everyone on a given day and content version; a
        # pre-filled one (a link from the directory) has its own key.
        extra = "&".join(f"{nom}={valeur}" for nom, valeur in sorted(pre_remplissage.items()))
        if annuaire:
            extra += "&source=annuaire"
        return cache_pages.servir(
            request,
            cache_pages.cle(request, extra=extra),
            lambda: formulaire(
                request, Formulaire.vierge(pre_remplissage), explicite=False, annuaire=annuaire
            ),
        )
    # An explicit « Calculer » (or any post without JavaScript) shows every error; a live update
    # while the patient is still filling the form only shows wrong values, not missing ones.
    return formulaire(
        request, Formulaire(request.POST), explicite=not request.htmx or "calculer" in request.POST
    )


def pre_remplissage_valide(parametres):
    """The non-health fields a link may pre-fill (DESIGN §3); anything else, or a wrong value,
    is ignored."""
    valeurs = {}
    for nom in contrat.PRE_REMPLISSABLES:
        brut = contrat.brut(parametres, nom)
        try:
            if brut and contrat.CHAMPS_PAR_NOM[nom].lire(brut[: contrat.LONGUEUR_MAX]) is not None:
                valeurs[nom] = brut
        except contrat.Refus:
            pass
    return valeurs


def formulaire(request, form, explicite, annuaire=False):
    erreurs = erreurs_a_montrer(form, explicite)
    contexte = {
        "form": form,
        "resultat": form.resultat,
        "erreurs": erreurs,
        # Not a wrong answer but a barème that cannot compute: the live result says why.
        "erreurs_generales": erreurs.get("__all__", []),
        "messages_champs": {nom: erreurs.get(nom, []) for nom in CHAMPS_AVEC_MESSAGE},
        "champs": contrat.CHAMPS_PAR_NOM,
        "age_par_defaut": f"Adulte ({contrat.AGE_ADULTE} ans) par défaut.",
        "sans_complementaire": form.resultat is not None and form.sans_complementaire,
        # A link from the directory pre-filled the sector: the page names the edition it came from.
        "edition_annuaire": Edition.objects.active() if annuaire else None,
    }
    # Form and result are Jinja2 templates (config/jinja2.py): they are rendered on every answer.
    if request.htmx and not request.htmx.history_restore_request:
        return HttpResponse(jinja2.rendre("simulateur/reponse_htmx.html", contexte))
    contexte["formulaire_html"] = jinja2.rendre("simulateur/formulaire.html", contexte)
    contexte["resultat_html"] = jinja2.rendre("simulateur/resultat.html", contexte)
    contexte["resume_html"] = jinja2.rendre("simulateur/resume.html", contexte)
    return render(request, "simulateur/simulateur.html", contexte)


# Fields whose error message sits next to them (updated out of band by htmx responses).
CHAMPS_AVEC_MESSAGE = [champ.nom for champ in contrat.CHAMPS if champ.lire is not contrat.lire_case]


def erreurs_a_montrer(form, explicite):
    if not form.lie:
        return {}
    return {
        nom: list(dict.fromkeys(messages))
        for nom, messages in form.lecture.erreurs.items()
        if explicite or nom == "__all__" or form.saisies.get(nom, "") != ""
    }


@require_safe
@cache_pages.page_en_cache()
def tarifs(request):
    """Every doctor's tariffs and the majorations in force today: since when each amount applies,
    the amount it replaced, and the amounts already announced for a later date."""
    aujourdhui = baremes.aujourdhui()
    # The act's name and rank come with each row (one query, whatever the cache holds).
    actes = Acte.objects.filter(slug=OuterRef("acte"))
    lignes = list(
        Tarif.objects.select_related("medecin")
        .annotate(
            libelle_acte=Subquery(actes.values("libelle")[:1]),
            ordre_acte=Subquery(actes.values("ordre")[:1]),
        )
        .order_by("debut", "pk")
    )
    par_medecin = {}
    for periode in series.periodes(lignes, aujourdhui):
        periode["acte"] = _nom_acte(periode["ligne"])
        par_medecin.setdefault(periode["ligne"].medecin.slug, []).append(periode)
    medecins = []
    for medecin in baremes.medecins():
        propres = sorted(par_medecin.get(medecin.slug, []), key=lambda p: _ordre_tarif(p["ligne"]))
        medecins.append(
            {
                "medecin": medecin,
                "opposables": [p for p in propres if p["ligne"].categorie == Tarif.Categorie.OPPOSABLE],
                "autres": [p for p in propres if p["ligne"].categorie != Tarif.Categorie.OPPOSABLE],
            }
        )
    parametres = series.periodes(
        list(Parametre.objects.order_by("debut", "pk")), aujourdhui, cle=lambda p: p.code
    )
    majorations = series.periodes(
        list(Majoration.objects.select_related("medecin").order_by("debut", "pk")),
        aujourdhui,
        cle=series.cle_majoration,
    )
    for periode in majorations:
        periode["conditions"] = _conditions(periode["ligne"])
    return render(
        request,
        "simulateur/tarifs.html",
        {
            "medecins": medecins,
            "parametres": parametres,
            "majorations": majorations,
            "aujourdhui": aujourdhui,
            "date_tarifs": series.derniers_changements(lignes, aujourdhui),
            "premier_jour": lignes[0].debut if lignes else None,
        },
    )


# Tariff rows of a consultation held elsewhere than at the surgery (`calcul.Acte`): not `Acte` rows.
LIEUX_ACTES = {
    calcul.Acte.VISITE: "visite à domicile",
    calcul.Acte.TELECONSULTATION: "téléconsultation",
}
# The consultation at the surgery comes first, then the same elsewhere, then the form's acts.
RANG_ACTES = {calcul.Acte.CONSULTATION: -3, calcul.Acte.VISITE: -2, calcul.Acte.TELECONSULTATION: -1}


def _nom_acte(ligne):
    """How a tariff row names its act, in lower case: empty for the consultation at the surgery."""
    if ligne.acte == calcul.Acte.CONSULTATION:
        return ""
    libelle = LIEUX_ACTES.get(ligne.acte) or getattr(ligne, "libelle_acte", None) or ligne.acte
    return libelle[:1].lower() + libelle[1:]


def _ordre_tarif(ligne):
    """Category (as in `Tarif.Categorie`), then act, then age band and parcours variant."""
    rang = RANG_ACTES.get(ligne.acte, getattr(ligne, "ordre_acte", None))
    categorie = (
        Tarif.Categorie.values.index(ligne.categorie) if ligne.categorie in Tarif.Categorie.values else 99
    )
    return (categorie, rang is None, rang or 0, ligne.acte, ligne.age_min, ligne.parcours)


def _conditions(majoration):
    """Its conditions as the model names them, the defaults (any hour, anywhere) left out."""
    conditions = [
        majoration.get_horaire_display() if majoration.horaire else "",
        majoration.get_lieu_display() if majoration.lieu else "",
        majoration.get_regulation_display() if majoration.regulation else "",
        Majoration._meta.get_field("visite_justifiee").verbose_name if majoration.visite_justifiee else "",
        majoration.medecin.libelle if majoration.medecin_id else "tous les médecins",
    ]
    premiere, *suite = [c[:1].lower() + c[1:] for c in conditions if c]
    return [capfirst(premiere), *suite]
