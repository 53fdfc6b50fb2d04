/* Type-ahead for the search form's source and party pickers (the ARIA combobox pattern).

   Without this file each picker is a text field with a <datalist>, and the server turns the
   typed name into a slug (archive/pickers.py). With it, suggestions come from the picker's
   data-suggest URL as the reader types; arrows move through them, Enter or a click adds the
   chosen one to the search (a hidden source/party input) and runs it, Escape closes the list. */
(function () {
  "use strict";

  var WAIT_MS = 150;

  function setUp(picker, number) {
    var input = picker.querySelector("input");
    var form = input.form;
    var listbox = document.createElement("ul");
    var status = document.createElement("p");
    var options = [];
    var active = -1;
    var timer = null;
    var request = null;

    listbox.id = "picker-list-" + number;
    listbox.setAttribute("role", "listbox");
    listbox.setAttribute("aria-label", "Suggestions: " + picker.querySelector("label").textContent);
    listbox.hidden = true;
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    picker.appendChild(listbox);
    picker.appendChild(status);
    input.removeAttribute("list"); // the listbox replaces the browser's own datalist popup
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-controls", listbox.id);
    input.setAttribute("aria-expanded", "false");

    function close() {
      listbox.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function highlight(index) {
      options.forEach(function (option, i) {
        option.element.setAttribute("aria-selected", i === index ? "true" : "false");
      });
      active = index;
      if (index < 0) {
        input.removeAttribute("aria-activedescendant");
        return;
      }
      input.setAttribute("aria-activedescendant", options[index].element.id);
      options[index].element.scrollIntoView({ block: "nearest" });
    }

    function describe(suggestion) {
      var parts = [suggestion.detail];
      if (suggestion.alias) parts.push("also written " + suggestion.alias);
      if (!suggestion.reviewed) parts.push("unreviewed");
      return parts.join(", ");
    }

    function show(suggestions) {
      listbox.textContent = "";
      options = suggestions.map(function (suggestion, i) {
        var element = document.createElement("li");
        var detail = document.createElement("span");
        element.id = listbox.id + "-" + i;
        element.setAttribute("role", "option");
        element.setAttribute("aria-selected", "false");
        element.textContent = suggestion.name + " ";
        detail.className = "detail";
        detail.textContent = "(" + describe(suggestion) + ")";
        element.appendChild(detail);
        element.addEventListener("click", function () { choose(suggestion); });
        listbox.appendChild(element);
        return { element: element, suggestion: suggestion };
      });
      status.textContent = suggestions.length
        ? suggestions.length + " suggestion" + (suggestions.length === 1 ? "" : "s")
        : "No suggestions";
      if (!options.length) {
        close();
        return;
      }
      listbox.hidden = false;
      input.setAttribute("aria-expanded", "true");
      highlight(-1);
    }

    function fetchSuggestions() {
      var text = input.value.trim();
      if (request) request.abort();
      if (!text) {
        close();
        return;
      }
      request = new AbortController();
      var url = picker.dataset.suggest + "?q=" + encodeURIComponent(text);
      fetch(url, { signal: request.signal, headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : { suggestions: [] }; })
        .then(function (answer) { if (input.value.trim() === text) show(answer.suggestions); })
        .catch(function () { /* aborted, or offline: the typed name still works on submit */ });
    }

    function choose(suggestion) {
      var chosen = Array.prototype.some.call(
        form.querySelectorAll('input[type="hidden"][name="' + picker.dataset.param + '"]'),
        function (hidden) { return hidden.value === suggestion.slug; }
      );
      if (!chosen) {
        var hidden = document.createElement("input");
        hidden.type = "hidden";
        hidden.name = picker.dataset.param;
        hidden.value = suggestion.slug;
        form.appendChild(hidden);
      }
      input.value = "";
      close();
      status.textContent = suggestion.name + " added";
      if (form.requestSubmit) form.requestSubmit();
      else form.submit();
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(fetchSuggestions, WAIT_MS);
    });

    input.addEventListener("keydown", function (event) {
      var open = !listbox.hidden;
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        if (!open) {
          fetchSuggestions();
          return;
        }
        var next = active + (event.key === "ArrowDown" ? 1 : -1);
        highlight(next >= options.length ? 0 : next < 0 ? options.length - 1 : next);
      } else if (event.key === "Enter" && open && active >= 0) {
        event.preventDefault();
        choose(options[active].suggestion);
      } else if (event.key === "Escape") {
        if (open) {
          event.preventDefault();
          close();
        } else if (input.value) {
          event.preventDefault();
          input.value = "";
        }
      } else if (event.key === "Tab") {
        close();
      }
    });

    // Keep the focus in the field while an option is clicked; close when it leaves.
    listbox.addEventListener("mousedown", function (event) { event.preventDefault(); });
    input.addEventListener("blur", close);
  }

  document.querySelectorAll(".picker[data-suggest]").forEach(setUp);
})();
