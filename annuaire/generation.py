"""Fictitious files in the exact format of the Assurance Maladie's directory (« liste-ps »).

The real extract names real people and is never committed: tests, the demonstration and the
benchmark use files generated here. Every name starts with « FICTIF » or « EXEMPLE », so no line
can be mistaken for a real practitioner. The format is the real one: `;`-separated, every field
quoted, UTF-8 with a byte order mark, columns read by name (an extra column is added, and the
order is not the documented one, to keep the importer honest). The traps of the real file are
all there: quotes and `;` inside fields, accents, an empty tariff option, the four sector codes,
specialty labels shared by several codes, non-doctors, and several rows for one practitioner
(one per place and specialty).
"""

import csv
import random

COLONNES = (
    "ps_activite_nom",
    "ps_activite_prenom",
    "ps_activite_civilite",
    "ps_activite_raison_sociale",
    "ps_activite_carte_vitale",
    "ps_activite_apcv",
    "specialite_code",
    "specialite_libelle",
    "activite_particuliere_code",
    "activite_particuliere_libelle",
    "type_ps_code",
    "type_ps_libelle",
    "coordonnees_num_tel",
    "coordonnees_voie",
    "coordonnees_complement",
    "coordonnees_lieu_dit",
    "coordonnees_code_postal",
    "coordonnees_ville",
    "option_tarifaire_code",
    "option_tarifaire_libelle",
    "secteur_conventionnel_code",
    "secteur_conventionnel_libelle",
    "nature_exercice_code",
    "nature_exercice_libelle",
)
# Written in this order: a column the importer does not know, and two columns swapped.
ORDRE_ECRIT = (
    "ps_activite_prenom",
    "ps_activite_nom",
    *COLONNES[2:],
    "colonne_ajoutee_par_une_edition_future",
)

SECTEURS = {
    "0": "Non conventionné",
    "1": "Conventionné secteur 1",
    "2": "Conventionné avec droit permanent à dépassement",
    "3": "Conventionné secteur 2",
}
OPTIONS = {"3": "OPTAM", "4": "OPTAM-ACO"}

# (code, label, weight): labels shared by several codes, as in the real file.
SPECIALITES_MEDECINS = (
    ("01", "Médecine générale", 40),
    ("22", "Médecine générale", 4),
    ("23", "Médecine générale", 4),
    ("33", "Psychiatrie", 4),
    ("75", "Psychiatrie", 1),
    ("07", "Gynécologie", 2),
    ("70", "Gynécologie", 1),
    ("77", "Gynécologie", 1),
    ("79", "Gynécologie", 1),
    ("12", "Pédiatrie", 3),
    ("15", "Ophtalmologie", 3),
    ("05", "Dermatologie et vénérologie", 2),
    ("32", "Neurologie", 1),
    ("03", "Cardiologie et maladies vasculaires", 3),
    ("34", "Gériatrie", 1),
    ("06", "Radiodiagnostic et imagerie médicale", 3),
    ("11", "Oto-rhino-laryngologie (ORL) et chirurgie cervico-faciale", 2),
    ("02", "Anesthésie-réanimation", 2),
    ("14", "Rhumatologie", 1),
)
AUTRES_PROFESSIONS = (
    ("2", "Chirurgien-dentiste", "36", "Chirurgien-dentiste"),
    ("3", "Sage-femme", "21", "Sage-femme"),
    ("4", "Auxiliaire médical", "24", "Infirmier"),
    ("4", "Auxiliaire médical", "26", "Masseur-kinésithérapeute"),
    ("5", "Pharmacien", "50", "Pharmacien"),
)
VILLES = (
    ("75011", "PARIS"),
    ("75015", "PARIS"),
    ("69003", "LYON"),
    ("13005", "MARSEILLE"),
    ("42000", "SAINT-ÉTIENNE"),
    ("25000", "BESANÇON"),
    ("45000", "ORLÉANS"),
    ("30000", "NÎMES"),
    ("91000", "ÉVRY-COURCOURONNES"),
    ("33000", "BORDEAUX"),
    ("31000", "TOULOUSE"),
    ("59000", "LILLE"),
    ("67000", "STRASBOURG"),
    ("44000", "NANTES"),
    ("35000", "RENNES"),
    ("06000", "NICE"),
    ("34000", "MONTPELLIER"),
    ("63000", "CLERMONT-FERRAND"),
    ("29200", "BREST"),
    ("97400", "SAINT-DENIS"),
    ("93200", "SAINT-DENIS"),
    ("76600", "LE HAVRE"),
    ("38000", "GRENOBLE"),
    ("49000", "ANGERS"),
    ("21000", "DIJON"),
    ("80000", "AMIENS"),
    ("87000", "LIMOGES"),
    ("64100", "BAYONNE"),
    ("2A004", "AJACCIO"),
    ("12000", "RODEZ"),
)
SYLLABES = (
    "ba", "bé", "lo", "ran", "mar", "tin", "du", "pon", "ler", "ch", "ro", "vi", "gno", "lè",
    "fè", "vre", "ça", "ois", "gué", "rin", "mo", "reau", "lau", "rent", "bi", "son", "ni",
    "col", "da", "vid", "fon", "tai", "ne", "ber", "tho", "lie", "gar", "nier", "fau", "re",
)  # fmt: skip
PRENOMS = (
    "Anaïs", "Zoé", "Jérôme", "Hélène", "François", "Loïc", "Noémie", "Gaëlle", "Benoît", "Inès",
    "Éloïse", "Céline", "Maël", "Chloé", "Théo", "Agnès", "Clément", "Léa", "Raphaël", "Aurélie",
    "Marc", "Julie", "Paul", "Sophie", "Jean", "Marie", "Luc", "Anne", "Hugo", "Camille",
)  # fmt: skip
VOIES = ("DE LA PAIX", "DE L'ÉGLISE", 'DU "MOULIN"', "DES ÉCOLES; BÂT. B")
PREFIXES = ("FICTIF", "EXEMPLE")


def nom_fictif(alea):
    racine = "".join(alea.choice(SYLLABES) for _ in range(alea.randint(2, 3))).upper()
    return f"{alea.choice(PREFIXES)}-{racine}"


def _specialite(alea):
    codes = [s for s in SPECIALITES_MEDECINS]
    return alea.choices(codes, weights=[s[2] for s in codes])[0]


def _secteur(alea, code_specialite):
    tirage = alea.random()
    if code_specialite in ("01", "22", "23"):
        code = "1" if tirage < 0.88 else "3" if tirage < 0.985 else "0" if tirage < 0.999 else "2"
    else:
        code = "1" if tirage < 0.45 else "3" if tirage < 0.97 else "0" if tirage < 0.999 else "2"
    option = ""
    if code in ("2", "3") and alea.random() < 0.55:
        option = alea.choice(("3", "3", "4"))
    return code, option


def _piege_raison_sociale(alea):
    return alea.choice(
        (
            "",
            "",
            "",
            'CABINET "LES TILLEULS"; SCM',
            "MAISON DE SANTÉ « L'ÉCLUSE » ; SISA",
            'CENTRE "SANTÉ; PLUS"',
            "SELARL DES ÉCOLES",
        )
    )


def lignes_fictives(nombre, graine=14, part_medecins=0.37):
    """Yields `nombre` rows (dicts by column name): practitioners with one to three rows each
    (places × specialties), about `part_medecins` of the practitioners being doctors."""
    alea = random.Random(graine)  # noqa: S311 -- reproducible fiction, not secrets
    produites = 0
    numero = 0
    while produites < nombre:
        numero += 1
        medecin = alea.random() < part_medecins or numero % 9973 in (2, 3)
        nom = nom_fictif(alea)
        prenom = alea.choice(PRENOMS)
        civilite = alea.choice(("M", "MME", ""))
        lieux = [alea.choice(VILLES)]
        if alea.random() < 0.08:
            lieux.append(alea.choice(VILLES))
        if medecin:
            specialites = [_specialite(alea)]
            if alea.random() < 0.12:
                specialites.append(_specialite(alea))
            code, option = _secteur(alea, specialites[0][0])
            # The rare codes are in every file, however small (code 2: ~56 rows in the real one).
            if numero % 9973 == 2:
                code, option = "2", ""
            elif numero % 9973 == 3:
                code, option = "0", ""
            type_ps = ("1", "Médecin")
        else:
            profession = alea.choice(AUTRES_PROFESSIONS)
            specialites = [(profession[2], profession[3], 1)]
            code, option = alea.choice(("1", "1", "1", "3", "0")), ""
            type_ps = profession[:2]
        carte_vitale = alea.choice(("O", "O", "O", "N", ""))
        for code_postal, ville in lieux:
            voie = f"{alea.randint(1, 180)} RUE {alea.choice(VOIES)}"
            for specialite in specialites:
                if produites >= nombre:
                    return
                produites += 1
                yield {
                    "ps_activite_nom": nom,
                    "ps_activite_prenom": prenom,
                    "ps_activite_civilite": civilite,
                    "ps_activite_raison_sociale": _piege_raison_sociale(alea),
                    "ps_activite_carte_vitale": carte_vitale,
                    "ps_activite_apcv": alea.choice(("O", "N")),
                    "specialite_code": specialite[0],
                    "specialite_libelle": specialite[1],
                    "activite_particuliere_code": "",
                    "activite_particuliere_libelle": "",
                    "type_ps_code": type_ps[0],
                    "type_ps_libelle": type_ps[1],
                    "coordonnees_num_tel": f"00 00 00 {numero % 100:02d} {produites % 100:02d}",
                    "coordonnees_voie": voie,
                    "coordonnees_complement": alea.choice(("", "", "2E ÉTAGE", "CS 0000")),
                    "coordonnees_lieu_dit": "",
                    "coordonnees_code_postal": code_postal,
                    "coordonnees_ville": ville,
                    "option_tarifaire_code": option,
                    "option_tarifaire_libelle": OPTIONS.get(option, ""),
                    "secteur_conventionnel_code": code,
                    "secteur_conventionnel_libelle": SECTEURS[code],
                    "nature_exercice_code": "1",
                    "nature_exercice_libelle": "Libéral intégral",
                    "colonne_ajoutee_par_une_edition_future": "x",
                }


def ecrire(flux, lignes, colonnes=ORDRE_ECRIT):
    """Writes rows to a text stream opened with `newline=""`, as the real file is written: a BOM,
    `;`, every field quoted (quotes doubled inside), CRLF line ends."""
    flux.write("\ufeff")
    ecrivain = csv.DictWriter(
        flux, fieldnames=colonnes, delimiter=";", quoting=csv.QUOTE_ALL, extrasaction="ignore"
    )
    ecrivain.writeheader()
    ecrivain.writerows(lignes)


def generer(chemin, nombre=300, graine=14, part_medecins=0.37):
    with open(chemin, "w", encoding="utf-8", newline="") as flux:
        ecrire(flux, lignes_fictives(nombre, graine, part_medecins))
