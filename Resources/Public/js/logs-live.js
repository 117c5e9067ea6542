// Follows /logs live from /logs?live=1 (Server-Sent Events) on the first page of a search without an end time; new
// messages are added at the top. Without JavaScript the page is a plain search; the browser resumes with Last-Event-ID.
(function () {
  if (!window.EventSource) return;
  var params = new URLSearchParams(window.location.search);
  if ((params.get('page') && params.get('page') !== '1') || params.get('to')) return;
  var status = document.getElementById('logs-live-status');
  params.delete('page');
  params.set('live', '1');
  var source = new EventSource('/logs?' + params.toString());
  function cell(row, text, className) {
    var td = document.createElement('td');
    if (className) td.className = className;
    td.textContent = text;
    row.appendChild(td);
    return td;
  }
  function body() {
    var tbody = document.querySelector('.log-table tbody');
    if (tbody) return tbody;
    var empty = document.querySelector('p.empty');
    var wrap = document.createElement('div');
    wrap.className = 'table-wrap';
    wrap.innerHTML = '<table class="log-table"><thead><tr><th scope="col">Time (UTC)</th><th scope="col">Level</th><th scope="col">Stage</th>'
      + '<th scope="col">Product</th><th scope="col">Host</th><th scope="col">Message</th></tr></thead><tbody></tbody></table>';
    var pager = document.querySelector('nav.pager');
    pager.parentNode.insertBefore(wrap, pager);
    if (empty) empty.remove();
    return wrap.querySelector('tbody');
  }
  source.addEventListener('log', function (message) {
    var item = JSON.parse(message.data);
    var row = document.createElement('tr');
    row.className = 'level-' + item.level;
    cell(row, item.time.replace('T', ' ').replace('Z', ''), 'nowrap');
    var level = cell(row, '');
    var span = document.createElement('span');
    span.className = 'level level-' + item.level;
    span.textContent = item.level;
    level.appendChild(span);
    cell(row, item.stage || '');
    cell(row, item.product + (item.version ? ' ' + item.version : ''));
    cell(row, item.host);
    cell(row, item.message.split('\n')[0], 'log-message');
    var tbody = body();
    tbody.insertBefore(row, tbody.firstChild);
    if (status) status.textContent = 'Live: newest message ' + item.time + '.';
  });
  source.onerror = function () { if (status) status.textContent = 'Reconnecting…'; };
})();
