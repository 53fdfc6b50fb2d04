/* The review queue's "Merge into" boxes suggest parties as an editor types.

   Every box reads one <datalist> (#review-targets); this fills it from the search form's
   suggestion endpoint (its URL in the list's data-suggest), each option a party's slug labelled
   with its name and kind. The browser's own list shows them and chooses with the keyboard.
   Without this file the boxes take a name, an alias or a slug as typed. */
(function () {
  "use strict";

  var WAIT_MS = 150;
  var list = document.getElementById("review-targets");
  if (!list || !window.fetch) return;
  var timer = null;
  var asked = "";

  function fill(text) {
    if (!text || text === asked) return;
    asked = text;
    fetch(list.dataset.suggest + "?q=" + encodeURIComponent(text), {
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    })
      .then(function (response) { return response.ok ? response.json() : { suggestions: [] }; })
      .then(function (answer) {
        if (text !== asked) return; // a later keystroke asked again
        list.textContent = "";
        answer.suggestions.forEach(function (suggestion) {
          var option = document.createElement("option");
          option.value = suggestion.slug;
          option.label = suggestion.name + " (" + suggestion.detail + ")";
          list.appendChild(option);
        });
      })
      .catch(function () { /* offline: the typed name still works */ });
  }

  document.querySelectorAll("input.review-into").forEach(function (input) {
    input.setAttribute("list", list.id);
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { fill(input.value.trim()); }, WAIT_MS);
    });
  });
})();
