/*
 * Corp Astro dashboard: the admin push stream (GET /api/admin/events, Server-Sent Events) read with
 * fetch() and a ReadableStream, since EventSource cannot send the Authorization header.
 * window.dashboardPush.open(token, onEvent, onFail) returns { close() }; onEvent gets each event's
 * JSON ({id, type, at, payload}); onFail gets an Error once the stream cannot be opened or ends.
 */
(function () {
  'use strict';

  function open(token, onEvent, onOpen, onFail) {
    var controller = new AbortController();
    var closed = false;
    var failed = false;

    function fail(error) {
      if (!closed && !failed) {
        failed = true;
        onFail(error);
      }
    }

    function dispatch(frame) {
      var type = null;
      var data = [];
      frame.split('\n').forEach(function (line) {
        if (line.indexOf('event:') === 0) {
          type = line.slice(6).trim();
        } else if (line.indexOf('data:') === 0) {
          data.push(line.slice(5).replace(/^ /, ''));
        }
      });
      if (type && data.length) {
        onEvent(type, JSON.parse(data.join('\n')));
      }
    }

    fetch('/api/admin/events', {
      headers: { 'Authorization': 'Bearer ' + token, 'Accept': 'text/event-stream' },
      signal: controller.signal,
      cache: 'no-store'
    }).then(function (response) {
      if (!response.ok || !response.body) {
        throw new Error('The push stream answered ' + response.status + '.');
      }
      onOpen();
      var reader = response.body.getReader();
      var decoder = new TextDecoder();
      var buffer = '';
      function pump() {
        return reader.read().then(function (chunk) {
          if (chunk.done) {
            throw new Error('The push stream ended.');
          }
          buffer += decoder.decode(chunk.value, { stream: true }).replace(/\r\n?/g, '\n');
          var end;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            dispatch(buffer.slice(0, end));
            buffer = buffer.slice(end + 2);
          }
          return pump();
        });
      }
      return pump();
    }).catch(fail);

    return {
      close: function () {
        closed = true;
        controller.abort();
      }
    };
  }

  window.dashboardPush = { open: open };
})();
