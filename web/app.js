// The page's glue for the C++ client: which build (the demo's for ?demo=1), WebGL2 check, the
// font (fetched once: CSS uses it for the DOM mirror's text, the client rasterises it for the
// canvas), the loading message until the first frame, and (with ?test=1) a read-only test hook.
// Everything else is C++ and dom_mirror.js.
'use strict';
(function () {
  const canvas = document.getElementById('canvas');
  const loading = document.getElementById('loading');

  function show(id) {
    loading.hidden = true;
    document.getElementById(id).hidden = false;
  }

  // A browser without the API is told at once; one that has it but cannot make a context (a
  // blocked GPU) is told by the client when it tries. (Making a context here only to test it
  // would cost a phone the time of making it twice.)
  if (!window.WebGL2RenderingContext) {
    show('nowebgl');
    return;
  }

  const font = fetch('Vazirmatn-Regular.ttf').then(function (r) {
    if (!r.ok) throw new Error('font ' + r.status);
    return r.arrayBuffer();
  }).then(function (buf) {
    Module.bkFont = buf;
    if (window.FontFace && document.fonts) {
      const face = new FontFace('Vazirmatn', buf);
      document.fonts.add(face);
      face.load().catch(function () {});
    }
  });

  // Two builds of the client: the real site's, and the demo's with the whole service in the page
  // (?demo=1). The real site never downloads the demo's.
  const params = new URLSearchParams(location.search);
  const demo = params.get('demo') === '1';

  window.Module = {
    canvas: canvas,
    // The build gives the wasm a content-hashed name (cmake/web_page.cmake).
    locateFile: function (p) { return p.endsWith('.wasm') ? (demo ? 'barkhordari-demo.wasm' : 'barkhordari.wasm') : p; },
    bkMirror: window.bkMirror,
    // main() waits for the font.
    preRun: [function () {
      Module.addRunDependency('font');
      font.then(function () { Module.removeRunDependency('font'); }, function () { show('loaderror'); });
    }],
    onFirstFrame: function () {
      loading.hidden = true;
      window.__bkFirstFrameMs = performance.now();
    },
    onAbort: function () { show('loaderror'); },
    onNoWebGL: function () { show('nowebgl'); },
    // A host with no API at all (a static copy of the page): the demo is all there is.
    onDemoWanted: function () {
      params.set('demo', '1');
      location.replace(location.pathname + '?' + params.toString() + location.hash);
    },
    print: function (t) { console.log(t); },
    printErr: function (t) { console.warn(t); },
  };

  if (params.get('test') === '1') {
    // Reads only: the flow state and the semantic description. Tests act like people, through
    // the DOM mirror's real elements.
    window.__bk = {
      state: function () { return JSON.parse(Module.ccall('bk_test_state', 'string', ['number'], [0])); },
      semantics: function () { return JSON.parse(Module.ccall('bk_test_state', 'string', ['number'], [1])); },
      frames: function () { return JSON.parse(Module.ccall('bk_frame_stats', 'string', [], [])); },
    };
  }

  const script = document.createElement('script');
  script.src = demo ? 'barkhordari-demo.js' : 'barkhordari.js';
  script.onerror = function () { show('loaderror'); };
  document.body.appendChild(script);
})();
