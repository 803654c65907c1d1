from django.urls import path

from annuaire import views

app_name = "annuaire"
urlpatterns = [
    path("trouver-un-medecin/", views.trouver, name="trouver"),
    path("annuaire-des-medecins/", views.a_propos, name="a_propos"),
]
