"""The simulator's form: validates and normalises the patient's answers (DESIGN §3).

The inputs themselves are written in the template (their names are the public contract, and
Django's widget rendering was most of the cost of a page); this class parses and checks them.

Field names and values are the public contract. Every wrong value gets a French message; the
barème for the date is looked up here, so a date the barème does not know is a field error.
"""

from decimal import Decimal

from django import forms
from django.utils import formats

from simulateur import baremes, calcul
from simulateur.templatetags.montants import date_fr

OUI_NON = [("oui", "Oui"), ("non", "Non")]
SECTEURS = [
    (calcul.Secteur.S1, "Secteur 1"),
    (calcul.Secteur.S2_OPTAM, "Secteur 2 avec OPTAM ou OPTAM-CO"),
    (calcul.Secteur.S2, "Secteur 2 sans OPTAM"),
    (calcul.Secteur.S3, "Secteur 3, non conventionné"),
]
SECTEURS_AIDE = {
    calcul.Secteur.S1: "Il applique le tarif conventionnel, sans dépassement.",
    calcul.Secteur.S2_OPTAM: "Honoraires libres, mais dépassements modérés ; mieux remboursé.",
    calcul.Secteur.S2: "Honoraires libres ; remboursé sur une base plus basse.",
    calcul.Secteur.S3: "Hors convention : presque rien n'est remboursé.",
}
REGIMES = [
    (calcul.Regime.GENERAL, "Régime général"),
    (calcul.Regime.ALSACE_MOSELLE, "Régime local d'Alsace-Moselle"),
]
# An input bound, not a rule: no consultation costs ten thousand euros.
HONORAIRES_MAX = Decimal("9999.99")
GARANTIE_MAX = Decimal("1000")
# The age used to propose an amount before the patient has given one, and for the examples of
# the editorial pages when they do not say.
AGE_ADULTE = 40
MESSAGES_MONTANT = {
    "invalid": "Indiquez un montant en euros, par exemple 30 ou 30,50.",
    "min_value": "Le montant ne peut pas être négatif.",
    "max_value": "Indiquez un montant inférieur à 10 000 €.",
    "max_decimal_places": "Indiquez au plus deux chiffres après la virgule (les centimes).",
    "max_digits": "Indiquez un montant inférieur à 10 000 €.",
    "max_whole_digits": "Indiquez un montant inférieur à 10 000 €.",
}
MESSAGES_GARANTIE = {
    "invalid": "Indiquez un pourcentage, par exemple 100, 150 ou 200.",
    "min_value": "Le pourcentage ne peut pas être négatif.",
    "max_value": "Indiquez un pourcentage de 1 000 au plus.",
    "max_decimal_places": "Indiquez un pourcentage avec au plus deux décimales.",
    "max_digits": "Indiquez un pourcentage de 1 000 au plus.",
    "max_whole_digits": "Indiquez un pourcentage de 1 000 au plus.",
}


def _case_a_cocher():
    # The contract sends « oui » for a checked box (any non-empty value but "false" is true).
    return forms.BooleanField(required=False)


def _decimal(label, maximum, messages):
    """An optional French decimal (« 30,50 »), from 0 to `maximum`, with two places at most."""
    return forms.DecimalField(
        label=label,
        required=False,
        localize=True,
        min_value=Decimal("0"),
        max_value=maximum,
        max_digits=6,
        decimal_places=2,
        error_messages=messages,
    )


def _garantie(label):
    return _decimal(label, GARANTIE_MAX, MESSAGES_GARANTIE)


class SimulationForm(forms.Form):
    date = forms.DateField(
        label="Date de la consultation",
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        error_messages={
            "required": "Indiquez la date de la consultation.",
            "invalid": "Indiquez une date réelle, au format JJ/MM/AAAA.",
        },
    )
    medecin = forms.ChoiceField(
        label="Médecin consulté",
        error_messages={
            "required": "Choisissez le type de médecin.",
            "invalid_choice": "Choisissez un type de médecin de la liste.",
        },
    )
    secteur = forms.ChoiceField(
        label="Secteur du médecin",
        choices=SECTEURS,
        error_messages={
            "required": "Choisissez le secteur du médecin.",
            "invalid_choice": "Choisissez un des quatre secteurs proposés.",
        },
    )
    honoraires = _decimal("Montant payé au médecin (€)", HONORAIRES_MAX, MESSAGES_MONTANT)
    # The amount this form last proposed: while the patient leaves it as is, it follows the
    # tariff of the doctor, sector, age and date chosen.
    honoraires_auto = forms.CharField(required=False)
    age = forms.IntegerField(
        label="Âge du patient (en années)",
        min_value=0,
        max_value=120,
        error_messages={
            "required": "Indiquez l'âge du patient, en années (0 pour un bébé).",
            "invalid": "Indiquez l'âge en années, avec des chiffres (par exemple 42).",
            "min_value": "L'âge ne peut pas être négatif.",
            "max_value": "Indiquez un âge de 120 ans au plus.",
        },
    )
    parcours = forms.ChoiceField(
        label="Êtes-vous dans le parcours de soins coordonnés ?",
        choices=OUI_NON,
        error_messages={"invalid_choice": "Répondez oui ou non."},
    )
    regime = forms.ChoiceField(
        label="Votre régime d'assurance maladie",
        choices=REGIMES,
        error_messages={"invalid_choice": "Choisissez le régime général ou celui d'Alsace-Moselle."},
    )
    ald = _case_a_cocher()
    maternite = _case_a_cocher()
    css = _case_a_cocher()
    mutuelle = _garantie(
        "Garantie de votre complémentaire pour une consultation (% de la base de remboursement)"
    )
    mutuelle_non_optam = _garantie("Garantie pour les médecins hors OPTAM, si votre tableau la distingue (%)")
    responsable = forms.ChoiceField(
        label="Votre contrat est-il « responsable » ?",
        choices=OUI_NON,
        error_messages={"invalid_choice": "Répondez oui ou non."},
    )

    # Optional fields take their documented default when left out (DESIGN §3).
    DEFAUTS = {"medecin": "generaliste", "secteur": calcul.Secteur.S1, "parcours": "oui"}
    DEFAUTS_FACULTATIFS = {"regime": calcul.Regime.GENERAL, "responsable": "oui"}

    def __init__(self, data=None, **kwargs):
        if data is not None:
            data = data.copy()
            for nom, valeur in {**self.DEFAUTS, **self.DEFAUTS_FACULTATIFS}.items():
                if nom not in data:
                    data[nom] = valeur
            if not data.get("date"):
                data["date"] = baremes.aujourdhui().isoformat()
        super().__init__(data, **kwargs)
        self.fields["medecin"].choices = [(m.slug, m.libelle) for m in baremes.medecins()]
        self.bareme = None
        self.honoraires_proposes = None
        self.honoraires_suivis = self.honoraires_non_saisis = False

    def clean_mutuelle(self):
        return self._garantie("mutuelle")

    def clean_mutuelle_non_optam(self):
        return self._garantie("mutuelle_non_optam")

    def _garantie(self, nom):
        valeur = self.cleaned_data.get(nom)
        if valeur is not None and 0 < valeur < calcul.TOUT:
            raise forms.ValidationError(
                "Une garantie « Sécurité sociale incluse » vaut au moins 100 % ; laissez vide si "
                "vous n'avez pas de complémentaire."
            )
        return valeur

    def clean_date(self):
        date = self.cleaned_data["date"]
        try:
            self.bareme = baremes.bareme_du(date)
        except baremes.HorsPlage as erreur:
            if erreur.premier_jour is None:
                raise forms.ValidationError("Le barème n'est pas encore chargé.") from None
            raise forms.ValidationError(
                f"Les tarifs sont connus du {date_fr(erreur.premier_jour)} au "
                f"{date_fr(erreur.dernier_jour)} : choisissez une date dans cette période."
            ) from None
        return date

    def clean(self):
        donnees = super().clean()
        if self.bareme is None or self.errors:
            return donnees
        try:
            self.honoraires_proposes = self.tarif_propose()
        except calcul.TarifInconnu:
            raise forms.ValidationError(
                "Nous ne connaissons pas le tarif de ce médecin à cette date et pour cet âge."
            ) from None
        auto = self.data.get("honoraires_auto") or ""
        if auto and _meme_montant(self.data.get("honoraires"), auto):
            # Still the amount we proposed: follow the tariff of the new answers, in the field too.
            self.honoraires_suivis = True
            donnees["honoraires"] = self.honoraires_proposes
            self.data["honoraires"] = self.data["honoraires_auto"] = formats.localize_input(
                self.honoraires_proposes
            )
        elif donnees.get("honoraires") is None:
            self.honoraires_non_saisis = True
            donnees["honoraires"] = self.honoraires_proposes
        return donnees

    @classmethod
    def vierge(cls):
        """The empty form of a GET: today, a GP, sector 1, the adult tariff proposed."""
        initial = {**cls.DEFAUTS, **cls.DEFAUTS_FACULTATIFS, "date": baremes.aujourdhui()}
        try:
            bareme = baremes.bareme_du(initial["date"])
            montant = bareme.tarif(
                initial["medecin"], calcul.Categorie.OPPOSABLE, calcul.Parcours.DANS, AGE_ADULTE
            ).montant
            initial["honoraires"] = initial["honoraires_auto"] = formats.localize_input(montant)
        except (baremes.HorsPlage, calcul.TarifInconnu):
            pass
        return cls(initial=initial)

    def tarif_propose(self):
        """The sector 1 tariff of that doctor and age on that date (DESIGN §3's default)."""
        d = self.cleaned_data
        return self.bareme.tarif(
            d["medecin"], calcul.Categorie.OPPOSABLE, calcul.Parcours.DANS, d["age"]
        ).montant

    def situation(self):
        d = self.cleaned_data
        return calcul.Situation(
            medecin=d["medecin"],
            secteur=d["secteur"],
            honoraires=d["honoraires"],
            age=d["age"],
            parcours=d["parcours"] == "oui",
            regime=d["regime"],
            ald=d["ald"],
            maternite=d["maternite"],
            css=d["css"],
            mutuelle=d["mutuelle"] or calcul.ZERO,
            mutuelle_non_optam=d["mutuelle_non_optam"],
            responsable=d["responsable"] == "oui",
        )

    def libelle_medecin(self):
        return self.bareme.medecins[self.cleaned_data["medecin"]].libelle

    def libelle_secteur(self):
        libelle = dict(SECTEURS)[self.cleaned_data["secteur"]]
        return libelle[0].lower() + libelle[1:]

    def simuler(self):
        return calcul.simuler(self.situation(), self.bareme)


def _meme_montant(saisi, auto):
    try:
        return Decimal(str(saisi).replace(",", ".").strip()) == Decimal(str(auto).replace(",", ".").strip())
    except ArithmeticError:
        return False
