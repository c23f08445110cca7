// The page's glue for the C++ client: WebGL2 check, loading progress until the first frame,
// paste events, and (with ?test=1) a read-only test hook. Everything else is C++.
'use strict';
(function () {
  const canvas = document.getElementById('canvas');
  const loading = document.getElementById('loading');
  const progress = document.getElementById('progress');

  function show(id) {
    loading.hidden = true;
    document.getElementById(id).hidden = false;
  }

  if (!document.createElement('canvas').getContext('webgl2')) {
    show('nowebgl');
    return;
  }

  window.Module = {
    canvas: canvas,
    setStatus: function (text) {
      const m = /\((\d+(?:\.\d+)?)\/(\d+)\)/.exec(text || '');
      if (m) progress.value = (100 * Number(m[1])) / Number(m[2]);
    },
    onFirstFrame: function () {
      loading.hidden = true;
      window.__bkFirstFrameMs = performance.now();
      canvas.focus();
    },
    onAbort: function () { show('loaderror'); },
    print: function (t) { console.log(t); },
    printErr: function (t) { console.warn(t); },
  };

  canvas.addEventListener('contextmenu', function (e) { e.preventDefault(); });

  // Ctrl+V: the browser's paste event carries the text; the client's clipboard reads it.
  window.addEventListener('paste', function (e) {
    const text = (e.clipboardData || window.clipboardData).getData('text');
    if (text && Module.ccall) Module.ccall('bk_paste', null, ['string'], [text]);
    e.preventDefault();
  });

  if (new URLSearchParams(location.search).get('test') === '1') {
    // Reads only: the flow state and widget rectangles (CSS px). Tests drive the page with real
    // mouse and key events.
    window.__bk = {
      state: function () { return JSON.parse(Module.ccall('bk_test_state', 'string', [], [])); },
      frames: function () { return JSON.parse(Module.ccall('bk_frame_stats', 'string', [], [])); },
    };
  }

  const script = document.createElement('script');
  script.src = 'barkhordari.js';
  script.onerror = function () { show('loaderror'); };
  document.body.appendChild(script);
})();
