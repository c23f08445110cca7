// The DOM mirror: real headings, text, buttons, inputs and lists laid exactly over the widgets
// the C++ client draws on the canvas. The client describes every widget each frame
// (src/client/semantics.h) and hands over only what changed; this file applies that patch and
// reports what people do back to the client:
//   click / tap / Enter / Space on a button  → bk_activate(id)
//   typing, paste, autofill, undo in an input → bk_input(id, value); Enter → bk_enter(id);
//   several IDs pasted at once                → bk_paste(id, text)
//   caret and selection                       → bk_caret(id, start, end)
//   focus, scroll, pointer (hover only)       → bk_focus, bk_scroll, bk_pointer
// Screen readers read these elements, Tab walks them, the browser gives inputs its keyboard,
// IME, paste and autofill, and text can be selected and copied. Their text is transparent: what
// people see is the canvas.
'use strict';
(function () {
  const mirror = document.getElementById('mirror');
  const live = document.getElementById('live');
  const els = new Map();   // id → element
  const nodes = new Map(); // id → the node as last applied
  let otp = null;          // the WebOTP request while a code field is shown
  let expectedScroll = -1;  // where the client asked the page to scroll (that scroll is not the user's)

  function call(name, ret, types, args) {
    return window.Module && Module.ccall ? Module.ccall(name, ret, types, args) : null;
  }

  // ---- creating elements -------------------------------------------------------------------------
  function tagFor(n) {
    switch (n.r) {
      case 'heading': return 'h' + Math.min(6, Math.max(1, n.l || 2));
      case 'textbox': return 'input';
      case 'button': return 'button';
      case 'link': return 'a';
      case 'list': return 'ul';
      case 'listitem': return 'li';
      case 'group': case 'status': return 'div';
      case 'label': return 'label';
      default: return 'p';
    }
  }

  function create(n) {
    const el = document.createElement(tagFor(n));
    el.id = 'bk-' + n.i;
    el.dataset.bk = n.i;
    el.className = 'bk bk-' + n.r;
    if (n.r === 'button') {
      el.type = 'button';
      el.addEventListener('click', function () { call('bk_activate', null, ['string'], [n.i]); });
    } else if (n.r === 'link') {
      el.href = '#';
      el.addEventListener('click', function (e) { e.preventDefault(); call('bk_activate', null, ['string'], [n.i]); });
    } else if (n.r === 'textbox') {
      wireInput(el, n);
    } else if (n.r === 'group') {
      el.setAttribute('role', 'group');
    } else if (n.r === 'status') {
      el.setAttribute('role', 'status');
    } else if (n.r === 'label') {
      // The field's visible label: a click on it focuses the field. Screen readers get the
      // field's own name, so it is hidden from them.
      el.setAttribute('aria-hidden', 'true');
    }
    return el;
  }

  function kindOf(el) { return el.dataset.kind || ''; }

  function reportCaret(el) {
    const s = el.selectionStart || 0, e = el.selectionEnd || 0;
    if (el._caret === s + ':' + e) return;
    el._caret = s + ':' + e;
    call('bk_caret', null, ['string', 'number', 'number'], [el.dataset.bk, s, e]);
  }

  function wireInput(el, n) {
    el.dir = 'ltr';
    el.spellcheck = false;
    el.setAttribute('autocapitalize', 'off');
    el.addEventListener('input', function () {
      call('bk_input', null, ['string', 'string'], [el.dataset.bk, el.value]);
      reportCaret(el);
    });
    el.addEventListener('keydown', function (e) {
      if (e.key !== 'Enter' || e.isComposing) return;
      e.preventDefault();
      // The flow acts at once and says what the field holds now (empty after an inquiry), so
      // the next key lands in a clean field.
      const v = call('bk_enter', 'string', ['string'], [el.dataset.bk]);
      if (v !== null && v !== el.value) el.value = v;
      reportCaret(el);
    });
    // A paste of several IDs (a column from a spreadsheet): the client queues them all.
    el.addEventListener('paste', function (e) {
      const text = (e.clipboardData || window.clipboardData).getData('text');
      if (text && call('bk_paste', 'number', ['string', 'string'], [el.dataset.bk, text]) === 1) e.preventDefault();
    });
    for (const ev of ['select', 'keyup', 'click', 'focus', 'selectionchange']) el.addEventListener(ev, function () { reportCaret(el); });
  }

  function setAttr(el, name, value) {
    if (value === undefined || value === null || value === false) el.removeAttribute(name);
    else el.setAttribute(name, value === true ? 'true' : String(value));
  }

  // ---- updating one element ------------------------------------------------------------------------
  // Where a node goes (src/client/semantics.cpp, page_rects()): a list is a box at its place; a
  // list item flows in its list, x its offset and y the gap above it; anything else is placed
  // in the nearest list or list item around it, or in the page. Groups are not boxes.
  function update(el, n, old) {
    const s = el.style;
    // A node in another language than the document's (the language switch), or another
    // direction (a value read left to right); a field always reads left to right.
    setAttr(el, 'lang', n.lg || null);
    setAttr(el, 'dir', n.dr || (n.r === 'textbox' ? 'ltr' : null));
    if (n.r === 'listitem') {
      s.marginTop = n.y + 'px';
      s.marginLeft = n.x + 'px';
      s.width = n.w + 'px';
      s.height = n.h + 'px';
    } else if (n.r !== 'group') {
      s.left = n.x + 'px';
      s.top = n.y + 'px';
      s.width = n.w + 'px';
      s.height = n.h + 'px';
      if (n.em) s.fontSize = n.em + 'px';
      if (n.lh) s.lineHeight = n.lh + 'px';
      el.classList.toggle('bk-center', !!n.c);
    }
    switch (n.r) {
      case 'textbox': updateInput(el, n, old); break;
      case 'button': case 'link':
        if (!old || old.n !== n.n) el.textContent = n.n || '';
        setAttr(el, 'aria-disabled', !!n.d);
        setAttr(el, 'aria-expanded', n.x2 === undefined ? null : n.x2 ? 'true' : 'false');
        break;
      case 'group': case 'list':
        setAttr(el, 'aria-label', n.n || null);
        break;
      case 'listitem':
        break;
      case 'label':
        if (!old || old.n !== n.n) el.textContent = n.n || '';
        el.htmlFor = 'bk-' + (n.v || '');
        break;
      default:
        if (!old || old.n !== n.n || old.v !== n.v || old.sa !== n.sa) setText(el, n);
    }
  }

  // «label: value» — the value in its own left-to-right span, so it can be taken alone.
  function setText(el, n) {
    el.textContent = '';
    if (n.v === undefined) { el.textContent = n.n || ''; return; }
    const label = document.createElement('span');
    label.textContent = (n.n || '') + ': ';
    const value = document.createElement('bdi');
    value.dir = 'ltr';
    value.className = 'bk-value' + (n.sa ? ' bk-select-all' : '');
    value.textContent = n.v;
    el.append(label, value);
  }

  function updateInput(el, n, old) {
    if (!old || old.k !== n.k) {
      el.dataset.kind = n.k || '';
      el.type = n.k === 'mobile' ? 'tel' : 'text';
      el.inputMode = n.k === 'mobile' ? 'tel' : 'numeric';
      el.autocomplete = n.k === 'mobile' ? 'tel' : n.k === 'code' ? 'one-time-code' : 'off';
      el.enterKeyHint = n.k === 'code' ? 'done' : n.k === 'mobile' ? 'send' : 'search';
      if (n.k === 'code') startOtp(el);
    }
    setAttr(el, 'aria-label', n.n || null);
    setAttr(el, 'aria-required', !!n.q);
    setAttr(el, 'aria-invalid', !!n.e);
    setAttr(el, 'aria-describedby', n.e ? 'bk-' + n.i + '_error' : null);
    // The flow changed the text itself (cleared after an inquiry, a sample filled in): follow it.
    const v = n.v || '';
    if (el.value !== v) el.value = v;
  }

  // WebOTP: where the browser has it, the SMS's last line "@host #123456" fills the code.
  function startOtp(el) {
    if (!('OTPCredential' in window) || !navigator.credentials) return;
    stopOtp();
    const ac = new AbortController();
    otp = { ac: ac, el: el };
    navigator.credentials.get({ otp: { transport: ['sms'] }, signal: ac.signal }).then(function (cred) {
      if (!cred || !cred.code || !el.isConnected) return;
      el.value = cred.code;
      el.dispatchEvent(new Event('input'));
    }).catch(function () { /* aborted, or the user declined */ });
  }
  function stopOtp() {
    if (otp) { otp.ac.abort(); otp = null; }
  }

  // ---- a patch -----------------------------------------------------------------------------------------
  function apply(text) {
    const p = JSON.parse(text);
    for (const n of p.n || []) {
      const old = nodes.get(n.i);
      let el = els.get(n.i);
      if (el && (!old || old.r !== n.r || (n.r === 'heading' && old.l !== n.l))) { // another kind of element now
        const fresh = create(n);
        el.replaceWith(fresh);
        el = fresh;
        els.set(n.i, el);
        update(el, n, null);
      } else {
        if (!el) { el = create(n); els.set(n.i, el); }
        update(el, n, old);
      }
      nodes.set(n.i, n);
    }
    for (const id of p.d || []) {
      const el = els.get(id);
      if (el) {
        if (otp && otp.el === el) stopOtp();
        el.remove();
      }
      els.delete(id);
      nodes.delete(id);
    }
    // Reading order (and Tab order) is the client's drawing order.
    for (const parent of Object.keys(p.o || {})) {
      const box = parent === '' ? mirror : els.get(parent);
      if (!box) continue;
      const ids = p.o[parent];
      for (let i = 0; i < ids.length; i++) {
        const el = els.get(ids[i]);
        if (el && box.children[i] !== el) box.insertBefore(el, box.children[i] || null);
      }
    }
    // The document's language and direction (the client's language switch).
    if (p.L) {
      document.documentElement.lang = p.L.l;
      document.documentElement.dir = p.L.d;
      if (window.bkPage) window.bkPage.showLanguage(p.L.l);
    }
    if (p.h !== undefined) mirror.style.height = p.h + 'px';
    if (p.f) focus(p.f);
    if (p.lc) live.textContent = '';
    for (const say of p.a || []) announce(say);
    if (p.s !== undefined) {
      const max = document.documentElement.scrollHeight - window.innerHeight;
      expectedScroll = Math.max(0, Math.min(p.s, max));
      window.scrollTo(0, p.s);
    }
  }

  // A strong request always moves focus; a soft one (an answer arriving) leaves it on any other
  // control the user put it on — a field, a row's «کپی», «حذف سابقه استعلامات» — but takes it
  // from «استعلام» itself, whose answer this is: the field is where the next ID goes.
  function focus(f) {
    const el = els.get(f.i);
    if (!el) return;
    const a = document.activeElement;
    const control = a && a !== document.body && a !== el && mirror.contains(a) &&
      (a.tagName === 'INPUT' || a.tagName === 'BUTTON' || a.tagName === 'A' || a.closest('ul'));
    if (!f.strong && control && a.dataset.bk !== 'inquire') return;
    el.focus();
  }

  function announce(text) {
    const p = document.createElement('p');
    p.textContent = text;
    live.appendChild(p);
    while (live.children.length > 10) live.removeChild(live.firstChild);
  }

  // ---- what people do, for the client --------------------------------------------------------------
  mirror.addEventListener('focusin', function (e) {
    const id = e.target.dataset && e.target.dataset.bk;
    call('bk_focus', null, ['string'], [id || '']);
  });
  mirror.addEventListener('focusout', function (e) {
    if (!e.relatedTarget || !mirror.contains(e.relatedTarget)) call('bk_focus', null, ['string'], ['']);
  });
  // A click on a tracking code selects all of it.
  mirror.addEventListener('click', function (e) {
    const v = e.target.closest && e.target.closest('.bk-select-all');
    if (!v) return;
    const r = document.createRange();
    r.selectNodeContents(v);
    const sel = window.getSelection();
    sel.removeAllRanges();
    sel.addRange(r);
  });
  // A clerk scans the next ID while focus sits on a row's button (after «کپی», say): digits
  // typed outside any field go into the screen's field (the national ID, the code or the
  // mobile: each screen has one) rather than nowhere.
  document.addEventListener('keydown', function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey || e.isComposing || !/^[0-9\u06F0-\u06F9\u0660-\u0669]$/.test(e.key)) return;
    const a = document.activeElement;
    if (a && (a.tagName === 'INPUT' || a.tagName === 'TEXTAREA' || a.isContentEditable)) return;
    // Not when the way back to the inquiries is on screen (Back with a code in use): a scan
    // there is a national ID, not a mobile; its Enter takes «ادامه استعلام».
    if (!els.get('nationalId') && els.get('resume') && els.get('resume').isConnected) return;
    const field = els.get('nationalId') || els.get('code') || els.get('mobile');
    if (field && field.isConnected) field.focus(); // the key's character lands in it
  }, true);
  window.addEventListener('scroll', function () {
    const mine = expectedScroll >= 0 && Math.abs(window.scrollY - expectedScroll) < 2;
    if (mine) expectedScroll = -1;
    call('bk_scroll', null, ['number', 'number'], [window.scrollY, mine ? 0 : 1]);
  }, { passive: true });
  function pointer(e, buttons) {
    call('bk_pointer', null, ['number', 'number', 'number', 'number'], [e.clientX, e.clientY, buttons, e.pointerType === 'mouse' ? 0 : 1]);
  }
  document.addEventListener('pointermove', function (e) { if (e.pointerType === 'mouse') pointer(e, e.buttons & 1); }, { passive: true });
  document.addEventListener('pointerdown', function (e) { pointer(e, 1); }, { passive: true });
  document.addEventListener('pointerup', function (e) { pointer(e, e.pointerType === 'mouse' ? 0 : -1); }, { passive: true });
  document.addEventListener('pointercancel', function (e) { pointer(e, -1); }, { passive: true });
  document.documentElement.addEventListener('mouseleave', function (e) { pointer(e, -1); });

  window.bkMirror = {
    apply: apply,
    element: function (id) { return els.get(id) || null; },
  };
})();
