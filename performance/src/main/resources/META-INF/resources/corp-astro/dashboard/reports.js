(function () {
  'use strict';

  var TOKEN_KEY = 'corp-astro-admin-token';
  var state = { routes: 0, regressions: [], objectives: 0, alerts: 0, errors: [], loaded: 0 };
  window.reportsState = state;

  function $(id) { return document.getElementById(id); }
  function token() { return sessionStorage.getItem(TOKEN_KEY); }

  function status(text, error) {
    $('status').textContent = text;
    $('status').className = error ? 'error' : '';
  }

  function api(path, accept) {
    return fetch(path, { headers: { 'Authorization': 'Bearer ' + token(), 'Accept': accept || 'application/json' } })
      .then(function (response) {
        if (response.status === 401 || response.status === 403) {
          var unauthorized = new Error('The admin token was rejected.');
          unauthorized.unauthorized = true;
          throw unauthorized;
        }
        if (!response.ok) {
          return response.json().then(function (problem) {
            throw new Error(problem.detail || ('HTTP ' + response.status));
          }, function () { throw new Error('HTTP ' + response.status); });
        }
        return accept === 'text/csv' ? response.text() : response.json();
      });
  }

  // datetime-local values are read and written as UTC.
  function toInput(ms) { return new Date(ms).toISOString().slice(0, 16); }
  function fromInput(value) { return value ? value + ':00Z' : ''; }

  function applyPreset() {
    var span = Number($('preset').value);
    if (!span) { return; }
    var to = Math.ceil(Date.now() / 60000) * 60000;
    $('to').value = toInput(to);
    $('from').value = toInput(to - span);
    $('baselineTo').value = toInput(to - span);
    $('baselineFrom').value = toInput(to - 2 * span);
  }

  function query() {
    var parts = [];
    ['from', 'to', 'baselineFrom', 'baselineTo'].forEach(function (name) {
      var value = fromInput($(name).value);
      if (value) { parts.push(name + '=' + encodeURIComponent(value)); }
    });
    return parts.join('&');
  }

  function num(value, digits) {
    return value === null || value === undefined ? '–' : Number(value).toFixed(digits);
  }
  function pct(value) {
    return value === null || value === undefined ? '–' : (value >= 0 ? '+' : '') + (value * 100).toFixed(1) + '%';
  }

  function cell(row, text, cls) {
    var td = document.createElement('td');
    td.textContent = text;
    if (cls) { td.className = cls; }
    row.appendChild(td);
  }

  function fill(tableId, rows, render) {
    var body = $(tableId).querySelector('tbody');
    body.textContent = '';
    rows.forEach(function (item) {
      var tr = document.createElement('tr');
      render(tr, item);
      body.appendChild(tr);
    });
  }

  function figure(label, value) {
    var div = document.createElement('div');
    div.className = 'figure';
    var b = document.createElement('b');
    b.textContent = value;
    var span = document.createElement('span');
    span.textContent = label;
    div.appendChild(b);
    div.appendChild(span);
    return div;
  }

  function showReport(report) {
    $('periods-text').textContent = 'Period ' + report.period.from + ' to ' + report.period.to
      + ', baseline ' + report.baseline.from + ' to ' + report.baseline.to;
    var t = report.totals;
    var totals = $('totals');
    totals.textContent = '';
    totals.appendChild(figure('requests (' + pct(t.requestsChange) + ')', String(t.requests)));
    totals.appendChild(figure('req/s', num(t.throughputPerSecond, 2)));
    totals.appendChild(figure('p95 ms (baseline ' + num(t.baseline.p95Ms, 1) + ')', num(t.p95Ms, 1)));
    totals.appendChild(figure('5xx rate', t.errorRate === null ? '–' : (t.errorRate * 100).toFixed(2) + '%'));
    totals.appendChild(figure('cache hit rate', t.cacheHitRate === null ? '–' : (t.cacheHitRate * 100).toFixed(1) + '%'));
    totals.appendChild(figure('regressions', String(report.routes.filter(function (r) { return r.regression; }).length)));
    fill('routes', report.routes, function (tr, r) {
      if (r.regression) { tr.className = 'regression'; }
      cell(tr, r.route);
      cell(tr, r.endpointType || '');
      cell(tr, String(r.requests), 'num');
      cell(tr, num(r.throughputPerSecond, 3), 'num');
      cell(tr, num(r.p50Ms, 1), 'num');
      cell(tr, num(r.p95Ms, 1), 'num');
      cell(tr, num(r.p99Ms, 1), 'num');
      cell(tr, num(r.baseline.p95Ms, 1), 'num');
      cell(tr, pct(r.p95Change), 'num');
      cell(tr, pct(r.requestsChange), 'num');
      cell(tr, r.errorRate === null ? '–' : (r.errorRate * 100).toFixed(2) + '%', 'num');
      cell(tr, num(r.apdex, 2), 'num');
      cell(tr, r.cacheHitRate === null ? '–' : (r.cacheHitRate * 100).toFixed(1) + '%', 'num');
      cell(tr, r.regression ? 'slower' : '', r.regression ? 'flag' : '');
    });
    state.routes = report.routes.length;
    state.regressions = report.routes.filter(function (r) { return r.regression; }).map(function (r) { return r.route; });
  }

  function showSlo(slo) {
    fill('slo', slo.objectives, function (tr, o) {
      cell(tr, o.name);
      cell(tr, (o.target * 100).toFixed(2) + '%', 'num');
      cell(tr, num(o.latencyMs, 0), 'num');
      cell(tr, o.window);
      cell(tr, o.compliance === null ? '–' : (o.compliance * 100).toFixed(3) + '%', 'num');
      cell(tr, o.errorBudgetRemaining === null ? '–' : (o.errorBudgetRemaining * 100).toFixed(1) + '%', 'num');
      cell(tr, num(o.burnRate5m, 2), 'num');
      cell(tr, num(o.burnRate1h, 2), 'num');
      cell(tr, num(o.burnRate6h, 2), 'num');
      cell(tr, num(o.burnRate3d, 2), 'num');
      cell(tr, o.status, 'status-' + o.status);
    });
    state.objectives = slo.objectives.length;
  }

  function showAlerts(list) {
    fill('alerts', list.alerts, function (tr, a) {
      cell(tr, a.firedAt);
      cell(tr, a.severity, 'status-' + a.severity);
      cell(tr, a.status + (a.resolvedAt ? ' ' + a.resolvedAt : ''));
      cell(tr, a.message);
      cell(tr, a.nodeId);
    });
    state.alerts = list.alerts.length;
  }

  function load() {
    status('Loading…');
    return Promise.all([
      api('/api/admin/reports/performance?' + query()).then(showReport),
      api('/api/admin/slo').then(showSlo),
      api('/api/admin/alerts?limit=50').then(showAlerts)
    ]).then(function () {
      $('login').hidden = true;
      $('periods').hidden = false;
      $('report').hidden = false;
      state.loaded++;
      status('Report of ' + new Date().toISOString().slice(0, 19).replace('T', ' ') + ' UTC.');
    }).catch(function (error) {
      state.errors.push(error.message);
      if (error.unauthorized) {
        sessionStorage.removeItem(TOKEN_KEY);
        $('login').hidden = false;
        $('periods').hidden = true;
      }
      status(error.message, true);
    });
  }

  function downloadCsv() {
    api('/api/admin/reports/performance.csv?' + query(), 'text/csv').then(function (text) {
      var link = document.createElement('a');
      link.href = URL.createObjectURL(new Blob([text], { type: 'text/csv' }));
      link.download = 'performance-report.csv';
      document.body.appendChild(link);
      link.click();
      link.remove();
    }).catch(function (error) { status(error.message, true); });
  }

  $('login').addEventListener('submit', function (event) {
    event.preventDefault();
    sessionStorage.setItem(TOKEN_KEY, $('token').value.trim());
    $('token').value = '';
    load();
  });
  $('periods').addEventListener('submit', function (event) {
    event.preventDefault();
    load();
  });
  $('preset').addEventListener('change', function () { applyPreset(); if ($('preset').value) { load(); } });
  ['from', 'to', 'baselineFrom', 'baselineTo'].forEach(function (id) {
    $(id).addEventListener('input', function () { $('preset').value = ''; });
  });
  $('csv').addEventListener('click', downloadCsv);
  $('print').addEventListener('click', function () { window.print(); });

  applyPreset();
  if (token()) { load(); }
}());
