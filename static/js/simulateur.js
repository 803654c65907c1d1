// The amount field follows the tariff of the answers while it still shows the amount the site
// proposed. A response carries the new proposal in #honoraires-propose; the field keeps its
// element (and what the patient may be typing): only its value changes, and only if untouched.
document.addEventListener("htmx:oobAfterSwap", function (evenement) {
  if (!evenement.detail.target || evenement.detail.target.id !== "honoraires-propose") {
    return;
  }
  // The event names the element that was replaced: read the one now in the page.
  var proposition = document.getElementById("honoraires-propose");
  var valeur = proposition.getAttribute("data-valeur");
  var saisie = document.getElementById("id_honoraires");
  var propose = document.getElementById("id_honoraires_auto");
  if (valeur && saisie && propose && saisie.value.trim() === propose.value) {
    saisie.value = valeur;
    propose.value = valeur;
  }
});

// A printed estimate shows the whole calculation, even if « Détail du calcul » was folded.
window.addEventListener("beforeprint", function () {
  document.querySelectorAll("details.detail").forEach(function (detail) {
    detail.open = true;
  });
});

// « Imprimer ou enregistrer en PDF »: shown only when this script runs (Ctrl+P works anyway).
document.addEventListener("DOMContentLoaded", function () {
  var bouton = document.getElementById("imprimer");
  if (!bouton) {
    return;
  }
  bouton.parentNode.hidden = false;
  bouton.addEventListener("click", function () {
    window.print();
  });
});

// One update per edit: a typed answer is sent when the patient pauses, and leaving the field
// then fires a `change` for the same answers. A request whose answers are those of the last one
// sent is dropped (« Calculer » always goes), so the result is not swapped, and announced, twice.
// htmx asks again (`htmx:confirm`) when it takes a queued request: the answers are compared with
// the last ones actually sent (`htmx:beforeRequest`), never with a request still waiting.
(function () {
  var envoyees = null;
  function reponses(element) {
    var formulaire = element.closest("form");
    return formulaire ? new URLSearchParams(new FormData(formulaire)).toString() : null;
  }
  document.addEventListener("htmx:confirm", function (evenement) {
    var declencheur = evenement.detail.triggeringEvent;
    if (declencheur && declencheur.type === "submit") {
      return;
    }
    var etat = reponses(evenement.detail.elt);
    if (etat !== null && etat === envoyees) {
      evenement.preventDefault();
    }
  });
  document.addEventListener("htmx:beforeRequest", function (evenement) {
    envoyees = reponses(evenement.detail.elt);
  });
  // A request that did not get its answer may be sent again.
  ["htmx:sendError", "htmx:responseError"].forEach(function (nom) {
    document.addEventListener(nom, function () {
      envoyees = null;
    });
  });
})();
