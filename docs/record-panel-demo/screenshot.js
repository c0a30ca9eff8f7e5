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
const SHOTS = [
  { query: '', out: path.join(ROOT, 'docs/img/record-view.png'), size: '1192,792' },
  { query: '?view=editor', out: path.join(ROOT, 'docs/img/query-editor.png'), size: '1192,420' },
];
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

function shoot(port, shot) {
  return new Promise((resolve, reject) =>
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
        `--window-size=${shot.size}`,
        '--virtual-time-budget=8000',
        `--screenshot=${shot.out}`,
        `http://127.0.0.1:${port}/${shot.query}`,
      ],
      { timeout: 60000 },
      (err) => (err ? reject(err) : resolve(console.log(`wrote ${shot.out}`)))
    )
  );
}

server.listen(0, '127.0.0.1', async () => {
  const { port } = server.address();
  try {
    for (const shot of SHOTS) {
      await shoot(port, shot);
    }
  } catch (err) {
    console.error(err.message);
    process.exitCode = 1;
  } finally {
    server.close();
  }
});
