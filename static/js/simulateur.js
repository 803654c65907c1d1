// Keeps what the patient types. While the amount field still shows the amount the site proposed,
// a response may propose the tariff of the new answers; once the patient has typed their own
// amount (perhaps while that response was on its way), the field is left alone.
document.addEventListener("htmx:oobBeforeSwap", function (evenement) {
  var cible = evenement.detail.target;
  if (!cible || cible.id !== "champ-honoraires") {
    return;
  }
  var saisie = cible.querySelector("input[name=honoraires]");
  var propose = cible.querySelector("input[name=honoraires_auto]");
  if (saisie && propose && saisie.value.trim() !== propose.value) {
    evenement.detail.shouldSwap = false;
  }
});
