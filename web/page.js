// The page's language, chosen before the client starts, and what the client keeps beyond a
// frame, through the browser: the state of this tab
// (sessionStorage, so a reload keeps the session and the history — never localStorage, pharmacy
// computers are shared), the history entries Back and Forward move between, the question
// before leaving while inquiries are pending, printed receipts, and the service worker that
// keeps the page's files for a fast (and offline) repeat visit.
'use strict';
(function () {
  let warn = false;

  // ---- the language ----------------------------------------------------------------------------
  // ?lang=xx, else the last choice made here (localStorage: a language is no secret on a shared
  // computer), else the first of the browser's preferred languages the catalogs have, else the
  // default. The texts are every language's "page.*" messages (index.html, from the catalogs).
  const TEXTS = JSON.parse(document.getElementById('bk-texts').textContent);
  function supported(tag) {
    const primary = String(tag || '').toLowerCase().split(/[-_]/)[0];
    return Object.prototype.hasOwnProperty.call(TEXTS.languages, primary) ? primary : '';
  }
  const asked = supported(new URLSearchParams(location.search).get('lang'));
  function choose() {
    if (asked) return asked;
    try {
      const kept = supported(localStorage.getItem('bk.lang'));
      if (kept) return kept;
    } catch (e) { /* storage off: the browser's languages decide */ }
    for (const l of navigator.languages || [navigator.language]) {
      const p = supported(l);
      if (p) return p;
    }
    return TEXTS.default;
  }
  let lang = choose();
  // A language named in the address is a choice too: kept for the next visit without it.
  if (asked) {
    try { localStorage.setItem('bk.lang', lang); } catch (e) { /* this visit only */ }
  }
  // The document in `tag`: its lang and dir, title, and the page's own texts (each element with
  // data-lang shows in its language only).
  function showLanguage(tag) {
    const t = TEXTS.languages[tag];
    if (!t) return;
    lang = tag;
    document.documentElement.lang = tag;
    document.documentElement.dir = t.dir;
    document.title = t['page.title'];
    const description = document.querySelector('meta[name="description"]');
    if (description) description.content = t['page.description'];
    const progress = document.getElementById('progress');
    if (progress) progress.setAttribute('aria-label', t['page.progress']);
    for (const el of document.querySelectorAll('[data-lang]')) el.hidden = el.dataset.lang !== tag;
  }
  showLanguage(lang);
  // The user chose `tag` in the client: kept for later visits, and in the address if it names one.
  function remember(tag) {
    try { localStorage.setItem('bk.lang', tag); } catch (e) { /* not kept: this visit only */ }
    const q = new URLSearchParams(location.search);
    if (q.has('lang') && q.get('lang') !== tag) {
      q.set('lang', tag);
      history.replaceState(history.state, '', location.pathname + '?' + q.toString() + location.hash);
    }
  }

  function call(name, ret, types, args) {
    return window.Module && Module.ccall ? Module.ccall(name, ret, types, args) : null;
  }

  window.addEventListener('popstate', function (e) {
    if (e.state && e.state.bk) call('bk_navigate', null, ['string'], [e.state.bk]);
  });
  // Whatever the client has not written to sessionStorage yet (it writes at most twice a second).
  window.addEventListener('pagehide', function () { call('bk_save_state', null, [], []); });
  window.addEventListener('beforeunload', function (e) {
    if (!warn) return undefined;
    e.preventDefault();
    e.returnValue = '';
    return '';
  });

  // A receipt per answer: title, the organisation's sentence, and label/value rows.
  function print(json) {
    const data = JSON.parse(json);
    const box = document.getElementById('print');
    box.textContent = '';
    if (data.lang) { box.lang = data.lang; box.dir = data.dir || ''; }
    for (const r of data.receipts) {
      const art = document.createElement('article');
      art.className = 'receipt receipt-' + r.outcome;
      const org = document.createElement('h1');
      org.textContent = r.org;
      const title = document.createElement('h2');
      title.textContent = r.title;
      const sentence = document.createElement('p');
      sentence.className = 'sentence';
      sentence.textContent = r.sentence;
      const table = document.createElement('table');
      for (const row of r.rows) {
        const tr = document.createElement('tr');
        const th = document.createElement('th');
        th.textContent = row[0];
        const td = document.createElement('td');
        const v = document.createElement('bdi');
        v.textContent = row[1];
        td.appendChild(v);
        tr.append(th, td);
        table.appendChild(tr);
      }
      art.append(org, title, sentence, table);
      box.appendChild(art);
    }
    // After this event: the print dialog blocks, and the client must finish its frame first.
    setTimeout(function () { window.print(); }, 0);
  }

  // Receipts printed with the app's buttons stay in #print only until the next key or tap: the
  // browser's own print command after that (Ctrl+P) prints the screen (style.css), not them.
  function clearPrinted() {
    const box = document.getElementById('print');
    if (box && box.firstChild) box.textContent = '';
  }
  document.addEventListener('pointerdown', clearPrinted, true);
  document.addEventListener('keydown', clearPrinted, true);

  window.bkPage = {
    language: function () { return lang; },
    showLanguage: showLanguage,
    remember: remember,
    load: function (key) {
      try { return sessionStorage.getItem(key) || ''; } catch (e) { return ''; }
    },
    save: function (key, text) {
      try { sessionStorage.setItem(key, text); } catch (e) {
        // Storage full or off: nothing kept — and no older state either, which a reload would
        // otherwise bring back as if it were this one.
        try { sessionStorage.removeItem(key); } catch (e2) { /* off altogether */ }
      }
    },
    // A screen as a browser history entry. Off the receipt view, the address loses ?receipt=…,
    // so a reload (or a Back to here) does not open that receipt again.
    entry: function (screen, replace) {
      const state = { bk: screen };
      let url;
      if (screen !== 'receipt' && new URLSearchParams(location.search).has('receipt')) {
        const q = new URLSearchParams(location.search);
        q.delete('receipt');
        url = location.pathname + (q.toString() ? '?' + q.toString() : '') + location.hash;
      }
      if (replace) history.replaceState(state, '', url);
      else history.pushState(state, '', url);
    },
    warnOnLeave: function (on) { warn = on; },
    print: print,
  };

  // The service worker (sw.js): the page and its files from its cache. Registered after the
  // page has loaded, so its own downloads never compete with the page's.
  if ('serviceWorker' in navigator && location.protocol !== 'file:') {
    window.addEventListener('load', function () {
      navigator.serviceWorker.register('sw.js').then(function () {
        // The demo build is not in the precache (the real site never needs it): a demo page
        // asks the worker to keep it, so the demo works offline after one visit.
        if (new URLSearchParams(location.search).get('demo') !== '1') return;
        return navigator.serviceWorker.ready.then(function (reg) { reg.active.postMessage('cache-demo'); });
      }).catch(function () { /* no offline copy, nothing else lost */ });
    });
  }
})();
