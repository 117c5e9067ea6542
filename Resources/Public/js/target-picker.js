// Progressive enhancement for the downtime and incident forms: suggest target names while typing.
// Without JavaScript the form still works: names are typed and checked on submit.
(function () {
  "use strict";
  var list = document.getElementById("target-suggestions");
  if (!list) return;
  var timer = null;
  function suggest(input) {
    var row = input.closest(".target-row");
    var kind = row ? row.querySelector("select").value : "server";
    var q = input.value.trim();
    if (q.length < 2) return;
    fetch("/api/v1/" + (kind === "process" ? "processes" : kind + "s") + "?per_page=15&q=" + encodeURIComponent(q), { headers: { "Accept": "application/json" } })
      .then(function (r) { return r.ok ? r.json() : { items: [] }; })
      .then(function (data) {
        list.textContent = "";
        (data.items || []).forEach(function (item) {
          var option = document.createElement("option");
          option.value = item.name;
          list.appendChild(option);
        });
      })
      .catch(function () {});
  }
  document.querySelectorAll(".target-name").forEach(function (input) {
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { suggest(input); }, 150);
    });
  });

  // Coordinator and comms manager: people by name or e-mail (the server also accepts a unique name).
  var people = document.getElementById("people-suggestions");
  var peopleTimer = null;
  function suggestPeople(input) {
    var q = input.value.trim();
    if (q.length < 2 || !people) return;
    fetch("/api/v1/people?per_page=15&q=" + encodeURIComponent(q), { headers: { "Accept": "application/json" } })
      .then(function (r) { return r.ok ? r.json() : { items: [] }; })
      .then(function (data) {
        people.textContent = "";
        (data.items || []).forEach(function (item) {
          var option = document.createElement("option");
          option.value = item.email;
          option.label = item.name;
          people.appendChild(option);
        });
      })
      .catch(function () {});
  }
  document.querySelectorAll(".person-name").forEach(function (input) {
    input.addEventListener("input", function () {
      clearTimeout(peopleTimer);
      peopleTimer = setTimeout(function () { suggestPeople(input); }, 150);
    });
  });
})();
