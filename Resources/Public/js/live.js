// Updates /live in place from /live/events (Server-Sent Events); the browser resumes with Last-Event-ID by itself.
(function () {
  if (!window.EventSource) return;
  var status = document.getElementById('live-status');
  var source = new EventSource('/live/events');
  source.addEventListener('level', function (message) {
    var level = JSON.parse(message.data);
    var row = document.querySelector('tr[data-subject="' + level.subject + '"]');
    if (!row) return;
    var mood = row.querySelector('[data-field="mood"]');
    mood.textContent = level.mood;
    mood.className = 'mood mood-' + level.mood;
    row.querySelector('[data-field="level"]').textContent = level.level;
    row.querySelector('[data-field="reason"]').textContent = level.reason;
    if (status) status.textContent = 'Live: last change ' + level.at + ' UTC.';
  });
  source.onerror = function () { if (status) status.textContent = 'Reconnecting…'; };
})();
