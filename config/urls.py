from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from api.v1 import api as api_v1
from config import views
from secteurs.sitemaps import SITEMAPS

admin.site.site_header = "Secteurs & remboursements : administration"
admin.site.site_title = "Administration"
admin.site.index_title = "Contenus et barème"

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("admin/", admin.site.urls),
    path("api/v1/", api_v1.urls),
    path("", include("api.urls")),
    path("", include("simulateur.urls")),
    path("", include("annuaire.urls")),
    path("", include("secteurs.urls")),
]

handler400 = "config.views.requete_invalide"
handler403 = "config.views.acces_refuse"
handler500 = "config.views.erreur_serveur"
