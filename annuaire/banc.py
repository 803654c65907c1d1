"""In-process search timings for `.ci/bench-annuaire` (not a test): realistic queries drawn from
the active edition, timed as the view runs them (count and first page of 50)."""

import random
import statistics
import time

from django.core.paginator import Paginator

from annuaire import codes, recherche
from annuaire.models import Edition, Medecin


def requetes(edition, nombre, graine=14):
    alea = random.Random(graine)  # noqa: S311 -- a benchmark's draw
    ids = list(Medecin.objects.filter(edition=edition).values_list("id", flat=True))
    echantillon = Medecin.objects.in_bulk(alea.sample(ids, min(nombre, len(ids))))
    resultat = []
    for i, m in enumerate(echantillon.values()):
        racine = m.nom.split("-", 1)[-1]  # what a patient types: the name without the fiction prefix
        choix = i % 6
        if choix == 0:
            resultat.append((racine[: alea.randint(3, 6)], "", ""))
        elif choix == 1:
            resultat.append((racine, m.ville, ""))
        elif choix == 2:
            resultat.append((f"{racine} {m.prenom}", "", ""))
        elif choix == 3:
            resultat.append((racine[:4], m.code_postal[:2], ""))
        elif choix == 4:
            resultat.append((racine[:5], codes.normaliser(m.ville)[:5], m.type_medecin))
        else:
            resultat.append((f"{m.prenom} {racine}", m.code_postal, ""))
    return resultat


def mesurer(nombre=1000):
    edition = Edition.objects.active()
    durees, processeur = [], []
    trouves = 0
    for nom, lieu, medecin in requetes(edition, nombre):
        debut, debut_cpu = time.perf_counter(), time.process_time()
        page = Paginator(recherche.chercher(edition, nom, lieu, medecin), recherche.PAR_PAGE).get_page(1)
        lignes = list(page)
        durees.append((time.perf_counter() - debut) * 1000)
        processeur.append((time.process_time() - debut_cpu) * 1000)
        trouves += bool(lignes)
    centiles = statistics.quantiles(durees, n=100)
    centiles_cpu = statistics.quantiles(processeur, n=100)
    return {
        "requetes": len(durees),
        "avec_resultat": trouves,
        "p50": centiles[49],
        "p95": centiles[94],
        "max": max(durees),
        "p50_cpu": centiles_cpu[49],
        "p95_cpu": centiles_cpu[94],
        "medecins": edition.medecins,
    }


def rapport(nombre=1000):
    r = mesurer(nombre)
    print(
        f"Recherche sur {r['medecins']} médecins, {r['requetes']} requêtes ({r['avec_resultat']} avec "
        f"résultat) : p50 {r['p50']:.1f} ms, p95 {r['p95']:.1f} ms (cible ≤ 20 ms), max {r['max']:.1f} ms ; "
        f"temps processeur p50 {r['p50_cpu']:.1f} ms, p95 {r['p95_cpu']:.1f} ms"
    )
