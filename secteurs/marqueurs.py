"""Live figures in editorial texts: the registry of markers (`{{ pf }}`, `{{ tarif medecin=… }}`…).

Editors never type an amount that the barème knows: they write a marker, and the page shows the
figure in force on the day it is read, computed by `simulateur.calcul`. Each marker is one entry
of `REGISTRE`: its name, the arguments it takes, what it computes and, for a block, its template.
The admin's help, the validation at save and the renderer all read this registry.

Grammar (no pattern here can backtrack beyond a few hundred characters):
    {{ nom }}  or  {{ nom argument=valeur argument=valeur … }}
lower-case name, arguments separated by spaces, no space around « = ». The simulator's arguments
(medecin, secteur, honoraires, age…) are read by `simulateur.contrat`, with the simulator's own
grammar and messages. Anything that looks like a marker (`{{`, `}}`) and does not parse is
refused at save with a French message; at render time it shows « valeur indisponible ».
"""

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.html import escape

from simulateur import affichage, baremes, calcul, contrat

logger = logging.getLogger(__name__)

MARQUEUR = re.compile(r"\{\{([^{}]{0,300})\}\}")
ACCOLADES = re.compile(r"\{\{|\}\}")
NOM = re.compile(r"[a-z][a-z-]{0,29}")
ARGUMENT = re.compile(r"([a-z_]{1,30})=([^\s=]{1,40})")
ARGUMENTS_MAX = 15
INDISPONIBLE = '<span class="indisponible">(valeur indisponible)</span>'
ERREURS_MAX = 10


def dans_une_balise(html, position):
    """True when `position` is inside a tag (an attribute): a value there would need escaping
    for that attribute, so markers are refused and never rendered there."""
    return html.rfind("<", 0, position) > html.rfind(">", 0, position)


class MarqueurInvalide(ValueError):
    pass


@dataclass(frozen=True)
class Exemple:
    situation: calcul.Situation
    resultat: calcul.Resultat
    medecin: str
    secteur: str
    # The complémentaire's garantie the contract states, and the one the engine applied (lower
    # for a doctor outside OPTAM under a contrat responsable: art. R871-2 2° CSS). None: no
    # complémentaire in this example (or the CSS).
    garantie_demandee: object = None
    garantie: object = None
    # The two parameters of that cap, quoted by the table's note.
    plafond_dptam: object = None
    ecart_dptam: object = None

    @property
    def garantie_plafonnee(self):
        return self.garantie is not None and self.garantie < self.garantie_demandee


@dataclass(frozen=True)
class Comparaison:
    lignes: tuple  # (contrat.InfoSecteur, Exemple)
    garantie: object

    @property
    def plafonnees(self):
        return tuple(e for _, e in self.lignes if e.garantie_plafonnee)


@dataclass(frozen=True)
class Marqueur:
    nom: str
    description: str
    exemple: str
    calculer: Callable  # (arguments, barème) -> text, or an object rendered by `bloc`
    arguments: dict = None  # own arguments: name -> (allowed values, or None for any)
    simulation: tuple = ()  # the simulator's fields it takes (DESIGN §3)
    bloc: str = ""  # template of a block marker, which stands alone in its paragraph

    def autorises(self):
        return {**(self.arguments or {}), **dict.fromkeys(self.simulation)}


# --- What markers compute -------------------------------------------------------------------------

QUOI = {
    "base": "base_remboursement",
    "amo-brut": "amo_brut",
    "pf": "participation_forfaitaire",
    "amo": "amo_net",
    "complementaire": "complementaire",
    "reste": "reste_a_charge",
    "depassement": "depassement",
    "taux": "taux",
    "honoraires": "honoraires",  # the fees: given, or the tariff the doctor may bill, majorations included
    "majorations": None,  # the majorations of that hour, place and regulation, added to the tariff
}
SIMULATION = tuple(nom for nom in contrat.NOMS if nom != "date")
SIMULATION_SANS_HONORAIRES = tuple(nom for nom in SIMULATION if nom != "honoraires")


def situation(arguments, bareme):
    """The simulator's situation for a marker's arguments, read by the simulator's contract."""
    lecture = contrat.lire({"age": str(contrat.AGE_ADULTE), **arguments, "date": bareme.date.isoformat()})
    if lecture.erreurs:
        raise MarqueurInvalide(
            " ; ".join(
                f"{nom}={arguments.get(nom, '')} : {message}" if nom in arguments else message
                for nom, messages in lecture.erreurs.items()
                for message in messages
            )
        )
    return lecture.situation


def _simuler(arguments, bareme):
    s = situation(arguments, bareme)
    return s, calcul.simuler(s, bareme)


def _exemple(arguments, bareme):
    s, resultat = _simuler(arguments, bareme)
    demandee = garantie = None
    if s.mutuelle > 0 and not s.css:
        demandee, garantie = calcul.garantie_retenue(s, bareme)
    return Exemple(
        s,
        resultat,
        bareme.medecins[s.medecin].libelle,
        contrat.SECTEURS_PAR_VALEUR[s.secteur].libelle,
        demandee,
        garantie,
        bareme.parametres["plafond-depassement-dptam"].valeur
        if "plafond-depassement-dptam" in bareme.parametres
        else None,
        bareme.parametres["ecart-dptam-optam"].valeur if "ecart-dptam-optam" in bareme.parametres else None,
    )


def _comparaison(arguments, bareme):
    lignes = []
    for info in contrat.SECTEURS:
        if info.valeur == calcul.Secteur.S1_DP:
            continue  # a historical status: the table compares the four sectors a patient meets
        arguments_secteur = {**arguments, "secteur": info.valeur}
        if info.valeur == calcul.Secteur.S1:
            arguments_secteur.pop("honoraires", None)  # a secteur 1 doctor charges the tariff
        lignes.append((info, _exemple(arguments_secteur, bareme)))
    return Comparaison(tuple(lignes), situation(arguments, bareme).mutuelle)


def _montant(arguments, bareme):
    quoi = arguments.pop("quoi")
    if quoi == "majorations":
        return affichage.euros(
            calcul.tarifs(situation(arguments, bareme), bareme, depassement=False).supplement
        )
    s, resultat = _simuler(arguments, bareme)
    valeur = getattr(resultat, QUOI[quoi])
    if quoi == "taux":
        return affichage.pourcent(valeur)
    texte = affichage.euros(valeur)
    if quoi in ("reste", "complementaire") and s.mutuelle > 0 and not s.css:
        # An amount computed at a capped garantie says so, next to it: « à 200 % » would not
        # give that figure (finding 2 of « Juste et relu »).
        demandee, garantie = calcul.garantie_retenue(s, bareme)
        if garantie < demandee:
            texte += (
                f" (garantie de {affichage.pourcent(demandee)} ramenée à {affichage.pourcent(garantie)}"
                " par le plafond du contrat responsable)"
            )
    return texte


def _tarif(arguments, bareme):
    # The base the AMO uses for this doctor, sector, age and parcours, whatever the fees: the
    # engine's own rule, as if the doctor billed a dépassement.
    s = situation(arguments, bareme)
    return affichage.euros(calcul.tarifs(s, bareme, depassement=True).applique.montant)


def _a_venir(arguments, bareme):
    # The amounts announced after the day the page is read, for the consultation `{{ tarif }}`
    # would quote with the same arguments.
    s = situation(arguments, bareme)
    tarif = calcul.tarifs(s, bareme, depassement=True).applique
    annonces = baremes.tarifs_annonces(tarif, bareme.date)
    if not annonces:
        return "aucun changement annoncé"
    return " puis ".join(f"{affichage.euros(m)} à partir du {affichage.date_fr(d)}" for m, d in annonces)


def _historique(arguments, bareme):
    # Each amount of the consultation `{{ tarif }}` would quote, from the barème's first row to
    # the last announced one, said relative to the day the page is read.
    s = situation(arguments, bareme)
    periodes = baremes.historique(calcul.tarifs(s, bareme, depassement=True).applique)
    lignes = []
    for i, (montant, debut, fin) in enumerate(periodes):
        euros = affichage.euros(montant)
        if debut > bareme.date:
            lignes.append(f"{euros} à partir du {affichage.date_fr(debut)} (annoncé)")
            continue
        if i == 0:
            texte = f"{euros} jusqu'au {affichage.date_fr(fin)}" if fin else f"{euros}"
        elif fin is None:
            texte = f"{euros} depuis le {affichage.date_fr(debut)}"
        else:
            texte = f"{euros} du {affichage.date_fr(debut)} au {affichage.date_fr(fin)}"
        if fin is None or fin >= bareme.date:
            texte += " (tarif d'aujourd'hui)"
        lignes.append(texte)
    return lignes


def _parametre(arguments, bareme):
    parametre = bareme.parametres.get(arguments["code"])
    if parametre is None:
        raise calcul.TarifInconnu(f"paramètre {arguments['code']} absent du barème du {bareme.date}")
    if parametre.unite == "euro":
        return affichage.euros(parametre.valeur)
    if parametre.unite == "pourcent":
        return affichage.pourcent(parametre.valeur)
    return affichage.nombre(parametre.valeur)


def _majoration(arguments, bareme):
    montants = {m.montant for m in bareme.majorations if m.code == arguments["code"]}
    if len(montants) != 1:
        # None in force that day, or several amounts for one code: no single figure to quote.
        raise calcul.TarifInconnu(f"majoration {arguments['code']} : pas un seul montant le {bareme.date}")
    return affichage.euros(montants.pop())


def _sources_bareme(arguments, bareme):
    """Every source of the barème's rows, past and present, with what each one supports: the
    sources page lists the data itself, so it cannot forget a row."""
    from urllib.parse import urlsplit

    from simulateur.models import Acte, Majoration, Parametre, Tarif

    appuis = {}

    def noter(url, quoi):
        if url:
            appuis.setdefault(url, [])
            if quoi not in appuis[url]:
                appuis[url].append(quoi)

    for tarif in Tarif.objects.select_related("medecin").order_by("debut", "pk"):
        noter(tarif.source_url, f"{tarif.code or 'tarif'} ({tarif.medecin.libelle.lower()})")
    for majoration in Majoration.objects.order_by("debut", "pk"):
        noter(majoration.source_url, f"majoration {majoration.code}")
    for parametre in Parametre.objects.order_by("debut", "pk"):
        noter(parametre.source_url, parametre.get_code_display())
    for acte in Acte.objects.order_by("ordre"):
        noter(acte.source_url, acte.libelle)

    def adresse(url):  # readable and distinct: the site and the page, without the scheme
        morceaux = urlsplit(url)
        texte = (morceaux.hostname or "").removeprefix("www.") + morceaux.path.rstrip("/")
        return texte if len(texte) <= 80 else texte[:79] + "…"

    return sorted(
        ((url, adresse(url), " ; ".join(quoi)) for url, quoi in appuis.items()), key=lambda ligne: ligne[1]
    )


def _codes_majorations():
    return baremes.codes_majorations()


def _codes_parametres():
    from simulateur.models import Parametre

    return tuple(Parametre.Code.values)


REGISTRE = {
    m.nom: m
    for m in (
        Marqueur(
            "pf",
            "la participation forfaitaire retenue sur chaque consultation",
            "{{ pf }}",
            lambda a, b: affichage.euros(b.parametre("participation-forfaitaire")),
        ),
        Marqueur(
            "parametre",
            "un paramètre daté du barème, avec son unité",
            "{{ parametre code=taux-amo }}",
            _parametre,
            arguments={"code": _codes_parametres},
        ),
        Marqueur(
            "majoration",
            "le montant d'une majoration (visite, nuit, dimanche…) en vigueur, par son code",
            "{{ majoration code=MD }}",
            _majoration,
            arguments={"code": _codes_majorations},
        ),
        Marqueur(
            "tarif",
            "la base de remboursement d'une consultation (tarif du secteur 1, base du secteur 2 sans "
            "OPTAM, tarif d'autorité du secteur 3), quels que soient les honoraires",
            "{{ tarif medecin=psychiatre secteur=2 }}",
            _tarif,
            simulation=SIMULATION_SANS_HONORAIRES,
        ),
        Marqueur(
            "a-venir",
            "le prochain tarif annoncé de cette consultation, avec sa date (« 12,34 € à partir du "
            "1er janvier »), ou « aucun changement annoncé »",
            "{{ a-venir medecin=generaliste }}",
            _a_venir,
            simulation=SIMULATION_SANS_HONORAIRES,
        ),
        Marqueur(
            "historique",
            "les montants successifs de cette consultation, du premier tarif du barème au dernier "
            "annoncé, en liste (seul dans son paragraphe)",
            "{{ historique medecin=generaliste }}",
            _historique,
            simulation=SIMULATION_SANS_HONORAIRES,
            bloc="secteurs/includes/historique.html",
        ),
        Marqueur(
            "montant",
            "un montant d'une consultation simulée",
            "{{ montant quoi=amo medecin=generaliste honoraires=30 }}",
            _montant,
            arguments={"quoi": lambda: tuple(QUOI)},
            simulation=SIMULATION,
        ),
        Marqueur(
            "exemple",
            "le calcul complet d'une consultation, en tableau (seul dans son paragraphe)",
            "{{ exemple medecin=autre-specialiste secteur=2 honoraires=60 mutuelle=200 }}",
            _exemple,
            simulation=SIMULATION,
            bloc="secteurs/includes/exemple.html",
        ),
        Marqueur(
            "comparaison",
            "la même consultation dans chaque secteur, en tableau (seul dans son paragraphe ; en "
            "secteur 1, le médecin demande le tarif)",
            "{{ comparaison medecin=autre-specialiste honoraires=60 mutuelle=200 }}",
            _comparaison,
            simulation=SIMULATION,
            bloc="secteurs/includes/comparaison.html",
        ),
        Marqueur(
            "sources-bareme",
            "la liste de toutes les sources du barème, avec ce que chacune justifie (seul dans son "
            "paragraphe)",
            "{{ sources-bareme }}",
            _sources_bareme,
            bloc="secteurs/includes/sources_bareme.html",
        ),
        Marqueur(
            "date-tarifs",
            "la date du dernier changement de tarif de consultation",
            "{{ date-tarifs }}",
            lambda a, b: affichage.date_fr(baremes.date_dernier_changement(b.date)),
        ),
        Marqueur(
            "editeur", "l'éditeur du site (réglages)", "{{ editeur }}", lambda a, b: settings.SITE_EDITEUR
        ),
        Marqueur(
            "directeur-publication",
            "le directeur ou la directrice de la publication (réglages)",
            "{{ directeur-publication }}",
            lambda a, b: settings.SITE_DIRECTEUR_PUBLICATION,
        ),
        Marqueur(
            "hebergeur",
            "l'hébergeur du site (réglages)",
            "{{ hebergeur }}",
            lambda a, b: settings.SITE_HEBERGEUR,
        ),
        Marqueur(
            "contact", "l'adresse de contact (réglages)", "{{ contact }}", lambda a, b: settings.SITE_CONTACT
        ),
    )
}


# --- Parsing -------------------------------------------------------------------------------------


def analyser(interieur):
    """(marker, arguments) for the inside of `{{ … }}`; MarqueurInvalide with a French message."""
    jetons = interieur.split()
    if not jetons:
        raise MarqueurInvalide("marqueur vide")
    nom, *reste = jetons
    if nom not in REGISTRE:
        if nom.lower() in REGISTRE:
            raise MarqueurInvalide(f"écrivez le nom du marqueur en minuscules : « {nom.lower()} »")
        raise MarqueurInvalide(f"marqueur inconnu « {nom[:30]} » (marqueurs : {', '.join(REGISTRE)})")
    marqueur = REGISTRE[nom]
    if "=" in reste or any(j.startswith("=") or j.endswith("=") for j in reste):
        raise MarqueurInvalide(
            "écrivez chaque argument sans espace autour de « = », par exemple medecin=generaliste"
        )
    if len(reste) > ARGUMENTS_MAX:
        raise MarqueurInvalide("trop d'arguments")
    arguments = {}
    autorises = marqueur.autorises()
    for jeton in reste:
        trouve = ARGUMENT.fullmatch(jeton)
        if not trouve:
            raise MarqueurInvalide(f"argument illisible « {jeton[:40]} » (attendu : nom=valeur)")
        cle, valeur = trouve.groups()
        if cle not in autorises:
            permis = ", ".join(autorises) or "aucun"
            raise MarqueurInvalide(f"argument inconnu « {cle} » pour {{{{ {nom} }}}} (permis : {permis})")
        valeurs_permises = autorises[cle]
        if valeurs_permises is not None and valeur not in valeurs_permises():
            raise MarqueurInvalide(
                f"{cle}={valeur} : valeur inconnue (valeurs : {', '.join(valeurs_permises())})"
            )
        if cle in marqueur.simulation:
            try:  # the simulator's own grammar for its fields (ages 0-120, amounts ≤ 9 999,99…)
                contrat.CHAMPS_PAR_NOM[cle].lire(valeur)
            except contrat.Refus as refus:
                raise MarqueurInvalide(f"{cle}={valeur} : {refus}") from None
        arguments[cle] = valeur
    for cle in marqueur.arguments or {}:
        if cle not in arguments:
            raise MarqueurInvalide(f"{{{{ {nom} }}}} demande l'argument {cle}=…")
    return marqueur, arguments


def valeur(marqueur, arguments, bareme):
    """What a parsed marker stands for on this barème: text, or an object for its block."""
    try:
        return marqueur.calculer(dict(arguments), bareme)
    except calcul.TarifInconnu as erreur:
        raise MarqueurInvalide(f"le barème ne permet pas ce calcul ({erreur})") from None


def erreurs(html, bareme=None):
    """The problems of the markers of a text, as French messages naming each marker.

    `html` is exactly what the renderer will see (the stored, sanitised HTML); `bareme`, when
    given, is today's: each marker must also compute on it."""
    messages = []
    couverts = []
    for trouve in MARQUEUR.finditer(html or ""):
        couverts.append(trouve.span())
        extrait = trouve.group(0)[:80]
        if dans_une_balise(html, trouve.start()):
            messages.append(f"{extrait} : un marqueur ne peut pas être dans un lien ou une adresse")
            continue
        try:
            marqueur, arguments = analyser(trouve.group(1))
            if marqueur.bloc and not _seul_dans_son_paragraphe(html, trouve):
                raise MarqueurInvalide("ce tableau doit être seul dans son paragraphe")
            if bareme is not None:
                valeur(marqueur, arguments, bareme)
        except MarqueurInvalide as erreur:
            messages.append(f"{extrait} : {erreur}")
        if len(messages) >= ERREURS_MAX:
            break
    debuts = {debut for debut, _ in couverts} | {fin - 2 for _, fin in couverts}
    for trouve in ACCOLADES.finditer(html or ""):
        if len(messages) >= ERREURS_MAX:
            messages.append("… et d'autres : corrigez d'abord celles-ci.")
            break
        if trouve.start() not in debuts:
            extrait = html[max(0, trouve.start() - 20) : trouve.start() + 40]
            messages.append(
                f"« {extrait} » : accolades sans marqueur valide "
                "(un marqueur s'écrit {{ nom argument=valeur }})"
            )
    return messages


def _seul_dans_son_paragraphe(html, trouve):
    return html[: trouve.start()].rstrip().endswith("<p>") and html[trouve.end() :].lstrip().startswith(
        "</p>"
    )


# --- Rendering -----------------------------------------------------------------------------------

PARAGRAPHE = re.compile(r"<p>\s*(\{\{[^{}]{0,300}\}\})\s*</p>")


def remplacer(html, bareme, origine=""):
    """The stored HTML with each marker replaced by its escaped value, or a block's table.

    Never raises: a marker that cannot be computed shows « valeur indisponible » and is logged
    with the page and the marker (for the editors), never with a visitor's data."""

    def rendre(trouve, bloc_permis):
        texte = trouve.group(0)
        if dans_une_balise(html, trouve.start()):
            return ""
        try:
            marqueur, arguments = analyser(texte[2:-2])
            if marqueur.bloc and not bloc_permis:
                raise MarqueurInvalide("tableau hors de son paragraphe")
            resultat = valeur(marqueur, arguments, bareme)
            if marqueur.bloc:
                return render_to_string(marqueur.bloc, {"bloc": resultat})
            return escape(resultat)
        except Exception as erreur:
            logger.warning("Marqueur non calculé sur %s : %s (%s)", origine or "?", texte[:80], erreur)
            return INDISPONIBLE

    def paragraphe(trouve):
        interieur = MARQUEUR.fullmatch(trouve.group(1))
        nom = interieur.group(1).split()[0] if interieur.group(1).split() else ""
        if nom in REGISTRE and REGISTRE[nom].bloc:
            return rendre(interieur, True)
        return trouve.group(0)

    html = PARAGRAPHE.sub(paragraphe, html)
    return MARQUEUR.sub(lambda t: rendre(t, False), html)


VALEURS_LIBRES = {
    contrat.lire_montant: "un montant en euros (30 ou 30,50)",
    contrat.lire_garantie: "un pourcentage de la base, Sécurité sociale incluse (100, 150, 200…)",
    contrat.lire_age: f"un âge en années, de 0 à {contrat.AGE_MAX} (par défaut {contrat.AGE_ADULTE})",
    contrat.lire_oui_non: "oui, non",
    contrat.lire_case: "oui",
}


def valeurs_permises(nom):
    """The values a simulator's argument takes, in words, from the simulator's own contract."""
    lire = contrat.CHAMPS_PAR_NOM[nom].lire
    if hasattr(lire, "valeurs"):
        valeurs = lire.valeurs()
        return ", ".join(valeurs if isinstance(valeurs, dict) else sorted(valeurs))
    return VALEURS_LIBRES.get(lire, "")


def aide():
    """The admin's help on markers, generated from the registry: for each marker, its example,
    description and arguments as (name, allowed values)."""
    lignes = []
    for m in REGISTRE.values():
        arguments = [(cle, ", ".join(valeurs())) for cle, valeurs in (m.arguments or {}).items()]
        arguments += [(nom, valeurs_permises(nom)) for nom in m.simulation]
        lignes.append((m.exemple, m.description, arguments))
    return lignes
