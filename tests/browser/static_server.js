// A small static file server for the browser tests: serves the built page (build/wasm/web) on
// 127.0.0.1 with the right MIME types. With { api: handler } it also answers /api/v1 (the
// stub backend of the HTTP transport tests). With { latencyMs, bytesPerSecond } every response
// waits that long and trickles at that rate (the rate shared by all responses, brotli when the
// browser takes it): a slow network on the server's side, which (unlike the browser's own
// throttling) the service worker's fetches meet too.
'use strict';
const http = require('node:http');
const fs = require('node:fs');
const path = require('node:path');

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm', '.data': 'application/octet-stream', '.svg': 'image/svg+xml', '.json': 'application/json',
};

function serve(root, options = {}) {
  const link = { freeAt: 0 }; // when the emulated link is next free
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    if (url.pathname.startsWith('/api/')) {
      if (options.api) {
        if (options.latencyMs) return setTimeout(() => options.api(req, res, url), options.latencyMs);
        return options.api(req, res, url);
      }
      res.writeHead(404, { 'content-type': 'text/plain' });
      return res.end('no backend here');
    }
    const rel = url.pathname === '/' ? 'index.html' : decodeURIComponent(url.pathname).replace(/^\/+/, '');
    const file = path.join(root, rel);
    if (!file.startsWith(root) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      res.writeHead(404);
      return res.end();
    }
    // With a slow network, what a real server sends: the build's brotli twin when the browser
    // takes it, and one link's bandwidth shared by every response in flight (a chunk at a time).
    const br = options.bytesPerSecond && /\bbr\b/.test(req.headers['accept-encoding'] || '') && fs.existsSync(file + '.br');
    const send = () => {
      const headers = { 'content-type': TYPES[path.extname(file)] || 'application/octet-stream', 'cache-control': 'no-store' };
      if (br) headers['content-encoding'] = 'br';
      res.writeHead(200, headers);
      if (!options.bytesPerSecond) return fs.createReadStream(file).pipe(res);
      const body = fs.readFileSync(br ? file + '.br' : file);
      const chunk = 4096;
      let at = 0;
      const next = () => {
        const now = Date.now();
        const start = Math.max(now, link.freeAt);
        link.freeAt = start + (1000 * Math.min(chunk, body.length - at)) / options.bytesPerSecond;
        setTimeout(() => {
          res.write(body.subarray(at, at + chunk));
          at += chunk;
          if (at < body.length) next(); else res.end();
        }, link.freeAt - now);
      };
      next();
    };
    if (options.latencyMs) setTimeout(send, options.latencyMs); else send();
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

module.exports = { serve };
