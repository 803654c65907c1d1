// Warns before leaving an admin form whose fields changed since the page loaded (progressive
// enhancement: without JavaScript nothing changes). Saving the form is not leaving it; a preview
// in another tab is neither.
"use strict";
(function () {
  function etat(formulaire) {
    return new URLSearchParams(new FormData(formulaire)).toString();
  }
  document.addEventListener("DOMContentLoaded", function () {
    var formulaires = Array.prototype.filter.call(
      document.querySelectorAll("#content-main form[method='post'], #content-main form[method='POST']"),
      function (f) { return f.querySelector("textarea, input[type='text'], input:not([type]), select"); }
    );
    if (!formulaires.length) return;
    var initiaux = formulaires.map(etat);
    var envoi = false;
    formulaires.forEach(function (f) {
      f.addEventListener("submit", function (evenement) {
        // « Prévisualiser » opens another tab and saves nothing: the page is still being edited.
        var bouton = evenement.submitter;
        var cible = (bouton && bouton.getAttribute("formtarget")) || f.getAttribute("target") || "_self";
        if (cible === "_self") envoi = true;
      });
    });
    window.addEventListener("beforeunload", function (evenement) {
      if (envoi) return;
      var modifie = formulaires.some(function (f, i) { return etat(f) !== initiaux[i]; });
      if (modifie) {
        evenement.preventDefault();
        evenement.returnValue = "";
      }
    });
  });
})();
