from django.urls import path

from secteurs import views

app_name = "secteurs"
urlpatterns = [
    path("", views.accueil, name="accueil"),
    path("secteurs/", views.liste_secteurs, name="liste"),
    path("secteurs/<slug:slug>/", views.secteur, name="secteur"),
    path("questions-frequentes/", views.faq, name="faq"),
    path("questions-frequentes/<slug:slug>/", views.question, name="question"),
    path("glossaire/", views.glossaire, name="glossaire"),
    path("<slug:slug>/", views.page, name="page"),
]
