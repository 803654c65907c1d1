from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods
from django.views.decorators.vary import vary_on_headers

from simulateur import baremes
from simulateur.forms import SECTEURS, SECTEURS_AIDE, SimulationForm

# Fields whose error message sits next to them (updated out of band by htmx responses).
CHAMPS_AVEC_MESSAGE = [
    "medecin",
    "secteur",
    "date",
    "honoraires",
    "age",
    "parcours",
    "regime",
    "mutuelle",
    "mutuelle_non_optam",
    "responsable",
]

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
        if request.htmx and not request.htmx.history_restore_request:
            return formulaire(request, SimulationForm.vierge(), None, explicite=False)
        # The empty form is the same for everyone on a given day: built once, kept with the barème.
        page = baremes.memoise(
            ("page-vierge", baremes.aujourdhui()),
            lambda: formulaire(request, SimulationForm.vierge(), None, explicite=False).content,
        )
        return HttpResponse(page)
    form = SimulationForm(request.POST)
    resultat = form.simuler() if form.is_valid() else None
    # An explicit « Calculer » (or any post without JavaScript) shows every error; a live update
    # while the patient is still filling the form only shows wrong values, not missing ones.
    return formulaire(request, form, resultat, explicite=not request.htmx or "calculer" in request.POST)


def formulaire(request, form, resultat, explicite):
    template = "simulateur/simulateur.html"
    if request.htmx and not request.htmx.history_restore_request:
        template += "#reponse-htmx"
    erreurs = erreurs_a_montrer(form, explicite)
    return render(
        request,
        template,
        {
            "form": form,
            "resultat": resultat,
            "erreurs": erreurs,
            "messages_champs": {nom: erreurs.get(nom, []) for nom in CHAMPS_AVEC_MESSAGE},
            "options_secteur": [(valeur, libelle, SECTEURS_AIDE[valeur]) for valeur, libelle in SECTEURS],
        },
    )


def erreurs_a_montrer(form, explicite):
    if not form.is_bound:
        return {}
    return {
        nom: list(dict.fromkeys(erreurs))  # Django may say the same thing twice (max_value, max_digits)
        for nom, erreurs in form.errors.items()
        if explicite or nom == "__all__" or form.data.get(nom, "") != ""
    }
