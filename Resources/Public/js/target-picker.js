// Progressive enhancement for the downtime and incident forms: suggest target names, and people for the
// coordinator and comms manager, while typing. Without JavaScript the form still works: names are typed and
// checked on submit (the server resolves a unique name or e-mail and suggests the closest ones otherwise).
(function () {
  "use strict";

  // Fills `list` with the items of `url`, one option per item made by `fill(option, item)`.
  function suggest(list, url, fill) {
    fetch(url, { headers: { "Accept": "application/json" } })
      .then(function (r) { return r.ok ? r.json() : { items: [] }; })
      .then(function (data) {
        list.textContent = "";
        (data.items || []).forEach(function (item) {
          var option = document.createElement("option");
          fill(option, item);
          list.appendChild(option);
        });
      })
      .catch(function () {});
  }

  // Calls `lookup(input, q)` 150 ms after typing stops in any of `inputs`, for two characters or more.
  function whileTyping(inputs, lookup) {
    var timer = null;
    inputs.forEach(function (input) {
      input.addEventListener("input", function () {
        clearTimeout(timer);
        timer = setTimeout(function () {
          var q = input.value.trim();
          if (q.length >= 2) lookup(input, q);
        }, 150);
      });
    });
  }

  var targets = document.getElementById("target-suggestions");
  if (targets) {
    whileTyping(document.querySelectorAll(".target-name"), function (input, q) {
      var row = input.closest(".target-row");
      var kind = row ? row.querySelector("select").value : "server";
      var path = "/api/v1/" + (kind === "process" ? "processes" : kind + "s");
      suggest(targets, path + "?per_page=15&q=" + encodeURIComponent(q), function (option, item) { option.value = item.name; });
    });
  }

  var people = document.getElementById("people-suggestions");
  if (people) {
    whileTyping(document.querySelectorAll(".person-name"), function (input, q) {
      suggest(people, "/api/v1/people?per_page=15&q=" + encodeURIComponent(q), function (option, item) {
        option.value = item.email;
        option.label = item.name;
      });
    });
  }
})();
