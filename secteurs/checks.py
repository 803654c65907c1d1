"""Deploy checks of the editorial side: the legal notices must name real people and companies."""

from django.conf import settings
from django.core import checks

MENTIONS = {
    "SITE_EDITEUR": "l'éditeur du site",
    "SITE_DIRECTEUR_PUBLICATION": "le directeur ou la directrice de la publication",
    "SITE_HEBERGEUR": "l'hébergeur",
}
# What the defaults of development, and the placeholders of earlier versions, say.
PROVISOIRE = (settings.VALEUR_DE_DEVELOPPEMENT, "à préciser", "non renseigné", "non désigné")


@checks.register(checks.Tags.security, deploy=True)
def mentions_legales(app_configs=None, **kwargs):
    """LCEN art. 6 III: a site names its editor, its director of publication and its host. In
    production (DJANGO_ENV=production) the site must not start with placeholders."""
    if not settings.PRODUCTION:
        return []
    erreurs = []
    for nom, quoi in MENTIONS.items():
        valeur = (getattr(settings, nom, "") or "").strip()
        if not valeur or any(mot in valeur.lower() for mot in PROVISOIRE):
            erreurs.append(
                checks.Error(
                    f"Les mentions légales ne nomment pas {quoi} : {nom} vaut « {valeur} ».",
                    hint=f"Donnez à la variable d'environnement {nom} la valeur réelle (LCEN, article 6).",
                    id="secteurs.E001",
                )
            )
    return erreurs
