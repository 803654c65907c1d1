"""Live figures in editorial texts: `{{ pf }}`, `{{ tarif medecin=generaliste }}`, `{{ exemple … }}`.

Editors never type an amount that the barème knows: they write a marker, and the page shows the
figure in force on the day it is read, computed by `simulateur.calcul`. A tariff change in the
admin therefore updates every page with no text edit. The markers:

- `{{ pf }}`: the participation forfaitaire;
- `{{ parametre code=CODE }}`: any dated parameter, with its unit;
- `{{ tarif medecin=SLUG [secteur=…] [age=N] [parcours=oui|non] }}`: the base de remboursement;
- `{{ montant quoi=QUOI [simulation] }}`: one amount of a simulated consultation, QUOI being
  base, amo-brut, pf, amo, complementaire, reste, depassement or taux;
- `{{ exemple [simulation] }}`, alone in its paragraph: the whole calculation, as a box;
- `{{ comparaison [simulation] }}`, alone in its paragraph: the same consultation in the four
  sectors, as a table (in secteur 1 the doctor charges the tariff, whatever `honoraires` says);
- `{{ date-tarifs }}`: the date of the last tariff change;
- `{{ editeur }}`, `{{ hebergeur }}`, `{{ contact }}`: the site's legal details (settings).

Simulation arguments: medecin, secteur, honoraires, age, parcours, regime, ald, maternite, css,
mutuelle, mutuelle_non_optam, responsable, with the simulator's values (DESIGN §3).
"""

import dataclasses
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.html import escape

from simulateur import baremes, calcul
from simulateur.forms import AGE_ADULTE
from simulateur.templatetags.montants import date_fr, euros, nombre, pourcent

MARQUEUR = re.compile(r"\{\{\s*([a-z][a-z-]*)((?:\s+[a-z_-]+=[^\s}]+)*)\s*\}\}")
ARGUMENT = re.compile(r"([a-z_-]+)=([^\s}]+)")

QUOI = {
    "base": "base_remboursement",
    "amo-brut": "amo_brut",
    "pf": "participation_forfaitaire",
    "amo": "amo_net",
    "complementaire": "complementaire",
    "reste": "reste_a_charge",
    "depassement": "depassement",
}
ARGUMENTS_SIMULATION = {champ.name for champ in dataclasses.fields(calcul.Situation)}
SIMPLES = {"pf", "date-tarifs", "editeur", "hebergeur", "contact"}


class MarqueurInvalide(ValueError):
    pass


@dataclass(frozen=True)
class Exemple:
    situation: calcul.Situation
    resultat: calcul.Resultat
    medecin: str


@dataclass(frozen=True)
class Comparaison:
    lignes: tuple  # (secteur label, sector page slug, Exemple)
    garantie: Decimal


SECTEURS = (
    (calcul.Secteur.S1, "Secteur 1", "secteur-1"),
    (calcul.Secteur.S2_OPTAM, "Secteur 2 avec OPTAM", "secteur-2-optam"),
    (calcul.Secteur.S2, "Secteur 2 sans OPTAM", "secteur-2"),
    (calcul.Secteur.S3, "Secteur 3, non conventionné", "secteur-3"),
)
BLOCS = {Exemple: "secteurs/includes/exemple.html", Comparaison: "secteurs/includes/comparaison.html"}


def _decimal(valeur, nom):
    try:
        return Decimal(valeur.replace(",", "."))
    except InvalidOperation:
        raise MarqueurInvalide(f"{nom}={valeur} n'est pas un nombre") from None


def _oui(valeur):
    return valeur == "oui"


def situation(bareme, args):
    inconnus = set(args) - ARGUMENTS_SIMULATION - {"quoi"}
    if inconnus:
        raise MarqueurInvalide(f"argument inconnu : {', '.join(sorted(inconnus))}")
    medecin = args.get("medecin", "generaliste")
    if medecin not in bareme.medecins:
        raise MarqueurInvalide(f"médecin inconnu : {medecin}")
    secteur = args.get("secteur", calcul.Secteur.S1)
    if secteur not in {calcul.Secteur.S1, calcul.Secteur.S2_OPTAM, calcul.Secteur.S2, calcul.Secteur.S3}:
        raise MarqueurInvalide(f"secteur inconnu : {secteur}")
    age = int(_decimal(args.get("age", str(AGE_ADULTE)), "age"))
    if "honoraires" in args:
        honoraires = _decimal(args["honoraires"], "honoraires")
    else:
        honoraires = bareme.tarif(medecin, calcul.Categorie.OPPOSABLE, calcul.Parcours.DANS, age).montant
    non_optam = args.get("mutuelle_non_optam")
    return calcul.Situation(
        medecin=medecin,
        secteur=secteur,
        honoraires=honoraires,
        age=age,
        parcours=args.get("parcours", "oui") != "non",
        regime=args.get("regime", calcul.Regime.GENERAL),
        ald=_oui(args.get("ald")),
        maternite=_oui(args.get("maternite")),
        css=_oui(args.get("css")),
        mutuelle=_decimal(args.get("mutuelle", "0"), "mutuelle"),
        mutuelle_non_optam=_decimal(non_optam, "mutuelle_non_optam") if non_optam else None,
        responsable=args.get("responsable", "oui") != "non",
    )


def _parametre(bareme, code):
    try:
        parametre = bareme.parametres[code]
    except KeyError:
        raise MarqueurInvalide(f"paramètre inconnu : {code}") from None
    if parametre.unite == "euro":
        return euros(parametre.valeur)
    if parametre.unite == "pourcent":
        return pourcent(parametre.valeur)
    return nombre(parametre.valeur)


def valeur(nom, args, bareme):
    """The text (or, for `exemple`, the Exemple) a marker stands for. Raises MarqueurInvalide."""
    try:
        if nom in SIMPLES and args:
            raise MarqueurInvalide(f"{{{{ {nom} }}}} ne prend pas d'argument")
        if nom == "pf":
            return euros(bareme.parametre("participation-forfaitaire"))
        if nom == "date-tarifs":
            return date_fr(baremes.date_dernier_changement(bareme.date))
        if nom == "editeur":
            return settings.SITE_EDITEUR
        if nom == "hebergeur":
            return settings.SITE_HEBERGEUR
        if nom == "contact":
            return settings.SITE_CONTACT
        if nom == "parametre":
            return _parametre(bareme, args.get("code", ""))
        if nom == "tarif":
            s = situation(bareme, {k: v for k, v in args.items() if k != "honoraires"})
            return euros(_tarif(bareme, s))
        if nom == "montant":
            quoi = args.get("quoi", "")
            resultat = calcul.simuler(situation(bareme, args), bareme)
            if quoi == "taux":
                return pourcent(resultat.taux)
            if quoi not in QUOI:
                raise MarqueurInvalide(f"quoi={quoi} inconnu ({', '.join(QUOI)}, taux)")
            return euros(getattr(resultat, QUOI[quoi]))
        if nom == "exemple":
            s = situation(bareme, args)
            return Exemple(s, calcul.simuler(s, bareme), bareme.medecins[s.medecin].libelle)
        if nom == "comparaison":
            return _comparaison(bareme, args)
    except calcul.TarifInconnu as erreur:
        raise MarqueurInvalide(str(erreur)) from None
    raise MarqueurInvalide(f"marqueur inconnu : {nom}")


def _comparaison(bareme, args):
    lignes = []
    for secteur, libelle, slug in SECTEURS:
        arguments_secteur = {**args, "secteur": secteur}
        if secteur == calcul.Secteur.S1:
            arguments_secteur.pop("honoraires", None)
        s = situation(bareme, arguments_secteur)
        lignes.append(
            (libelle, slug, Exemple(s, calcul.simuler(s, bareme), bareme.medecins[s.medecin].libelle))
        )
    return Comparaison(tuple(lignes), situation(bareme, args).mutuelle)


def _tarif(bareme, s):
    """The base the AMO uses for this doctor, sector, age and parcours, whatever the fees."""
    medecin = bareme.medecins[s.medecin]
    penalise = calcul.hors_parcours_penalise(s, medecin, bareme)
    variante = calcul.Parcours.HORS if penalise else calcul.Parcours.DANS
    categorie = {
        calcul.Secteur.S2: calcul.Categorie.SECTEUR2,
        calcul.Secteur.S3: calcul.Categorie.AUTORITE,
    }.get(s.secteur, calcul.Categorie.OPPOSABLE)
    return bareme.tarif(s.medecin, categorie, variante, s.age).montant


def arguments(texte):
    return dict(ARGUMENT.findall(texte))


def erreurs(texte, bareme):
    """The invalid markers of a text, as French messages (for the admin's validation)."""
    messages = []
    for trouve in MARQUEUR.finditer(texte or ""):
        try:
            valeur(trouve.group(1), arguments(trouve.group(2)), bareme)
        except MarqueurInvalide as erreur:
            messages.append(f"{trouve.group(0)} : {erreur}")
    return messages


def remplacer(html, bareme):
    """Replaces the markers of sanitised HTML by their escaped values (examples: a block)."""

    def remplacement(trouve, paragraphe="{}"):
        resultat = _remplacement(trouve.group(1), trouve.group(2), bareme)
        if type(resultat) in BLOCS:  # a block replaces its whole paragraph
            return render_to_string(BLOCS[type(resultat)], {"bloc": resultat})
        return paragraphe.format(resultat)

    html = re.sub(r"<p>\s*" + MARQUEUR.pattern + r"\s*</p>", lambda t: remplacement(t, "<p>{}</p>"), html)
    return MARQUEUR.sub(remplacement, html)


def _remplacement(nom, texte_args, bareme):
    try:
        resultat = valeur(nom, arguments(texte_args), bareme)
    except MarqueurInvalide:
        # Never a 5xx for a reader: the admin refuses such markers, this is only a safety net.
        return '<span class="indisponible">(valeur indisponible)</span>'
    return resultat if type(resultat) in BLOCS else escape(resultat)
