// Shows <time class="local-time" datetime="...Z"> in the viewer's own zone; the UTC text stays as the hover title
// (and is what people without JavaScript read).
(function () {
  "use strict";
  var format;
  try {
    format = new Intl.DateTimeFormat(undefined, { year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", timeZoneName: "short" });
  } catch (e) { return; }
  document.querySelectorAll("time.local-time[datetime]").forEach(function (el) {
    var when = new Date(el.getAttribute("datetime"));
    if (isNaN(when.getTime())) return;
    var utc = el.textContent;
    el.textContent = format.format(when);
    el.title = utc;
  });
})();
