// Phones (#20): every data table with a header row can become stacked cards. Templates mark their own tables with
// class "cards" and data-label cells; this labels the rest from their header row. Without script, tables scroll inside their frame.
(function () {
  document.querySelectorAll(".table-wrap > table:not(.cards)").forEach(function (table) {
    var head = table.tHead && table.tHead.rows[0];
    if (!head) return;
    // The column's name only: a sort mark ("ascending") is not part of it.
    var labels = Array.prototype.map.call(head.cells, function (cell) {
      var copy = cell.cloneNode(true);
      copy.querySelectorAll(".sort-mark").forEach(function (mark) { mark.remove(); });
      return copy.textContent.trim();
    });
    Array.prototype.forEach.call(table.tBodies, function (body) {
      Array.prototype.forEach.call(body.rows, function (row) {
        Array.prototype.forEach.call(row.cells, function (cell, i) {
          if (!cell.hasAttribute("data-label") && labels[i]) cell.setAttribute("data-label", labels[i]);
        });
      });
    });
    table.classList.add("cards");
  });
})();
