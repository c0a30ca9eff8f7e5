// Serves the demo bundle and @grafana/ui's icons, then has headless Chromium render the record view
// panel and write docs/img/record-view.png. Usage: npx webpack -c docs/record-panel-demo/webpack.config.js
// && node docs/record-panel-demo/screenshot.js
const { execFile } = require('child_process');
const fs = require('fs');
const http = require('http');
const path = require('path');

const ROOT = path.resolve(__dirname, '../..');
const BUNDLE = '/tmp/runlens-record-demo';
const ICONS = path.join(ROOT, 'node_modules/@grafana/ui/dist/public/img/icons');
const OUT = path.join(ROOT, 'docs/img/record-view.png');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

const page = `<!doctype html><html><head><meta charset="utf-8"><title>RunLens record view</title>
<script>window.__grafana_public_path__ = '/public/';</script></head>
<body><div id="root"></div><script src="/bundle.js"></script></body></html>`;

const server = http.createServer((req, res) => {
  const url = decodeURIComponent(req.url.split('?')[0]);
  let file;
  if (url === '/' || url === '/index.html') {
    res.setHeader('content-type', 'text/html');
    res.end(page);
    return;
  } else if (url.startsWith('/public/build/img/icons/')) {
    file = path.join(ICONS, url.slice('/public/build/img/icons/'.length));
  } else {
    file = path.join(BUNDLE, url);
  }
  fs.readFile(file, (err, body) => {
    if (err) {
      res.statusCode = 404;
      res.end();
      return;
    }
    res.setHeader('content-type', file.endsWith('.svg') ? 'image/svg+xml' : 'application/javascript');
    res.end(body);
  });
});

server.listen(0, '127.0.0.1', () => {
  const { port } = server.address();
  // Asynchronously: this process must keep serving the page while Chromium loads it.
  execFile(
    CHROMIUM,
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
      '--hide-scrollbars',
      '--window-size=1192,792',
      '--virtual-time-budget=8000',
      `--screenshot=${OUT}`,
      `http://127.0.0.1:${port}/`,
    ],
    { timeout: 60000 },
    (err) => {
      server.close();
      if (err) {
        console.error(err.message);
        process.exit(1);
      }
      console.log(`wrote ${OUT}`);
    }
  );
});
