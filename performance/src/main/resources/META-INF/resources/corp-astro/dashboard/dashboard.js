/*
 * Corp Astro performance dashboard: draws uPlot charts from the admin monitor API. The admin push stream
 * (push.js) drives it: each 'metrics' event updates the figures and, at the chosen refresh interval, the
 * charts; if the stream cannot be opened or ends, it polls every refresh interval and tries the stream again.
 */
(function () {
  'use strict';

  var TOKEN_KEY = 'corp-astro-admin-token';
  var COLORS = ['#2f6fed', '#e8793a', '#c0392b', '#16a085', '#8e44ad'];
  var charts = {};
  var timer = null;
  var PUSH_RETRY_MS = 15000;
  var push = null;
  var pushRetry = null;
  var lastChartRefresh = 0;
  var state = { lastRefresh: null, refreshes: 0, charts: {}, errors: [], mode: 'polling', pushes: 0,
    pushFailures: 0 };
  window.dashboardState = state;

  var $ = function (id) { return document.getElementById(id); };

  function token() { return sessionStorage.getItem(TOKEN_KEY); }

  function setStatus(text, isError) {
    var status = $('status');
    status.textContent = text;
    status.className = isError ? 'error' : '';
  }

  function api(path, params) {
    var query = new URLSearchParams(params || {}).toString();
    return fetch(path + (query ? '?' + query : ''), {
      headers: { 'Authorization': 'Bearer ' + token(), 'Accept': 'application/json' }
    }).then(function (response) {
      // 401 without a token, 403 for a token that is not the admin's: either way, ask again.
      if (response.status === 401 || response.status === 403) {
        var unauthorized = new Error('The admin token was rejected.');
        unauthorized.unauthorized = true;
        throw unauthorized;
      }
      return response.json().then(function (body) {
        if (!response.ok) {
          throw new Error((body && body.detail) || ('HTTP ' + response.status));
        }
        return body;
      });
    });
  }

  /** Bucket size for a range: about 60 points; whole minutes beyond the raw hour. */
  function intervalFor(range) {
    var interval = Math.max(1000, Math.ceil(range / 60));
    if (range > 3600000) {
      interval = Math.ceil(interval / 60000) * 60000;
    }
    return interval;
  }

  function aggregate(type, agg, window, tags) {
    var params = { type: type, agg: agg, start: window.start, end: window.end, interval: window.interval };
    Object.keys(tags || {}).forEach(function (k) { params[k] = tags[k]; });
    return api('/api/admin/metrics/aggregate', params);
  }

  function values(result, scale) {
    return result.buckets.map(function (b) {
      return b.value === null || b.value === undefined ? null : b.value * (scale || 1);
    });
  }

  function times(result) {
    return result.buckets.map(function (b) { return b.start / 1000; });
  }

  function draw(name, labels, data) {
    var element = $('chart-' + name);
    var width = Math.max(300, element.clientWidth || 500);
    if (!charts[name]) {
      var series = [{}];
      labels.forEach(function (label, i) {
        series.push({
          label: label, stroke: COLORS[i % COLORS.length], width: 2, spanGaps: false,
          points: { show: true, size: 5, fill: COLORS[i % COLORS.length] }
        });
      });
      charts[name] = new uPlot({
        width: width, height: 220, series: series,
        scales: { x: { time: true }, y: { range: function (u, min, max) { return [0, Math.max(1, max || 0) * 1.1]; } } },
        axes: [{}, { size: 60 }],
        legend: { live: true }
      }, data, element);
    } else {
      if (Math.abs(charts[name].width - width) > 20) {
        charts[name].setSize({ width: width, height: 220 });
      }
      charts[name].setData(data);
    }
    var points = 0;
    for (var s = 1; s < data.length; s++) {
      data[s].forEach(function (v) { if (v !== null) { points++; } });
    }
    state.charts[name] = { buckets: data[0].length, points: points };
  }

  function figure(label, value) {
    return '<div class="figure"><b>' + value + '</b><span>' + label + '</span></div>';
  }

  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
    });
  }

  function showSummary(summary) {
    var traffic = summary.traffic;
    var html = figure('requests/s (15 min)', traffic.throughputPerSecond.toFixed(2))
      + figure('error rate', (traffic.errorRate * 100).toFixed(2) + ' %')
      + figure('content generation success', (traffic.contentGeneration.successRate * 100).toFixed(1) + ' %');
    if (summary.cache) {
      html += figure('cache hit rate', (summary.cache.hitRate * 100).toFixed(1) + ' %');
    }
    if (summary.memory) {
      html += figure('memory', escapeHtml(summary.memory.state) + (summary.memory.sheddingLoad ? ' (shedding)' : ''));
    }
    if (summary.pool) {
      html += figure('db pool active / total', summary.pool.active + ' / ' + summary.pool.total);
    }
    if (summary.realtime) {
      html += figure('live streams (SSE / WebSocket)', summary.realtime.sseConnections + ' / '
        + summary.realtime.websocketConnections);
    }
    $('figures').innerHTML = html;
    var rows = traffic.slowestRoutes.map(function (r) {
      return '<tr><td>' + escapeHtml(r.name) + '</td><td class="num">' + r.count + '</td><td class="num">' + r.errors
        + '</td><td class="num">' + r.p50Ms.toFixed(1) + '</td><td class="num">' + r.p95Ms.toFixed(1)
        + '</td><td class="num">' + r.p99Ms.toFixed(1) + '</td></tr>';
    });
    document.querySelector('#routes tbody').innerHTML = rows.join('');
    // Database statements by operation and table, as the query analyzer recorded them.
    document.querySelector('#queries tbody').innerHTML = traffic.slowestQueries.map(function (q) {
      return '<tr><td>' + escapeHtml(q.name) + '</td><td class="num">' + q.count + '</td><td class="num">'
        + q.p50Ms.toFixed(1) + '</td><td class="num">' + q.p95Ms.toFixed(1) + '</td><td class="num">'
        + q.p99Ms.toFixed(1) + '</td></tr>';
    }).join('');
    // The summary's "graphql" section, when the application has one (operation name, type, timings).
    var operations = summary.graphql ? summary.graphql.operations : [];
    $('graphql-section').hidden = operations.length === 0;
    document.querySelector('#graphql tbody').innerHTML = operations.map(function (o) {
      return '<tr><td>' + escapeHtml(o.type + ' ' + o.name) + '</td><td class="num">' + o.count + '</td><td class="num">'
        + o.errors + '</td><td class="num">' + o.p50Ms.toFixed(1) + '</td><td class="num">' + o.p95Ms.toFixed(1)
        + '</td><td class="num">' + o.p99Ms.toFixed(1) + '</td></tr>';
    }).join('');
  }

  function refresh() {
    var range = Number($('range').value);
    var end = Date.now();
    var window = { start: end - range, end: end, interval: intervalFor(range) };
    var requests = [
      aggregate('response_time', 'p50', window), aggregate('response_time', 'p95', window),
      aggregate('response_time', 'p99', window), aggregate('response_time', 'count', window),
      aggregate('error', 'count', window), aggregate('cache', 'avg', window),
      aggregate('memory_usage', 'avg', window, { name: 'heap_used' }),
      aggregate('memory_usage', 'avg', window, { name: 'heap_committed' }),
      aggregate('memory_usage', 'max', window, { name: 'heap_max' }),
      aggregate('cpu_usage', 'avg', window, { name: 'process' }),
      aggregate('cpu_usage', 'avg', window, { name: 'system' }),
      api('/api/admin/performance/summary'),
      aggregate('database_query', 'p95', window), aggregate('database_query', 'count', window)
    ];
    return Promise.all(requests).then(function (r) {
      var x = times(r[0]);
      var seconds = r[3].intervalMs / 1000;
      var throughput = r[3].buckets.map(function (b) { return b.count / seconds; });
      var requestsPerBucket = r[3].buckets.map(function (b) { return b.count; });
      var errorRate = r[4].buckets.map(function (b, i) {
        return requestsPerBucket[i] > 0 ? 100 * b.count / requestsPerBucket[i] : null;
      });
      var mb = 1 / (1024 * 1024);
      draw('latency', ['p50', 'p95', 'p99'], [x, values(r[0]), values(r[1]), values(r[2])]);
      draw('throughput', ['requests/s'], [x, throughput]);
      draw('errors', ['errors %'], [x, errorRate]);
      draw('cache', ['hit rate %'], [times(r[5]), values(r[5])]);
      draw('heap', ['used', 'committed', 'max'], [times(r[6]), values(r[6], mb), values(r[7], mb), values(r[8], mb)]);
      draw('cpu', ['process', 'system'], [times(r[9]), values(r[9]), values(r[10])]);
      var dbSeconds = r[13].intervalMs / 1000;
      draw('database', ['query p95 ms', 'queries/s'],
        [times(r[12]), values(r[12]), r[13].buckets.map(function (b) { return b.count / dbSeconds; })]);
      showSummary(r[11]);
      state.lastRefresh = Date.now();
      state.refreshes++;
      setStatus('Updated ' + new Date().toLocaleTimeString() + ' · ' + r[0].source.toLowerCase() + ' data, '
        + (r[0].intervalMs / 1000) + ' s buckets');
    }).catch(function (error) {
      state.errors.push(error.message);
      setStatus(error.message, true);
      if (error.unauthorized) {
        logout();
      }
    });
  }

  function schedule() {
    if (timer) {
      clearInterval(timer);
      timer = null;
    }
    var every = Number($('refresh').value);
    // While the push stream is open its events are the clock: no polling.
    if (every > 0 && state.mode !== 'push') {
      timer = setInterval(refresh, every);
    }
  }

  function onPush(type, event) {
    if (type !== 'metrics') {
      return;
    }
    state.pushes++;
    if (event.payload && event.payload.summary) {
      showSummary(event.payload.summary);
    }
    var every = Number($('refresh').value);
    if (every > 0 && Date.now() - lastChartRefresh >= every) {
      lastChartRefresh = Date.now();
      refresh();
    }
  }

  function startPush() {
    pushRetry = null;
    if (!token() || !window.dashboardPush) {
      return;
    }
    push = window.dashboardPush.open(token(), onPush, function () {
      state.mode = 'push';
      schedule();
    }, function (error) {
      push = null;
      state.mode = 'polling';
      state.pushFailures++;
      schedule();
      if (token()) {
        pushRetry = setTimeout(startPush, PUSH_RETRY_MS);
      }
    });
  }

  function stopPush() {
    if (push) {
      push.close();
      push = null;
    }
    if (pushRetry) {
      clearTimeout(pushRetry);
      pushRetry = null;
    }
    state.mode = 'polling';
  }

  function show(connected) {
    $('login').hidden = connected;
    $('controls').hidden = !connected;
    $('board').hidden = !connected;
  }

  function connect() {
    show(true);
    setStatus('Loading…');
    refresh();
    schedule();
    startPush();
  }

  function logout() {
    sessionStorage.removeItem(TOKEN_KEY);
    stopPush();
    if (timer) {
      clearInterval(timer);
      timer = null;
    }
    show(false);
  }

  $('login').addEventListener('submit', function (event) {
    event.preventDefault();
    sessionStorage.setItem(TOKEN_KEY, $('token').value.trim());
    $('token').value = '';
    connect();
  });
  $('logout').addEventListener('click', function () {
    logout();
    setStatus('Token forgotten.');
  });
  $('range').addEventListener('change', refresh);
  $('refresh').addEventListener('change', schedule);

  if (token()) {
    connect();
  }
})();
