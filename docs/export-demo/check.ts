/**
 * Chromium against the real backend: starts the RunLens backend (its own index prefix in the
 * running Elasticsearch), loads runs through the ingest API, serves the export-modal page and a
 * stand-in of Grafana's data proxy (adds the read token and X-Grafana-User), lets headless
 * Chromium run the modal until the export is done, checks what the page shows, downloads the
 * file through the proxy and writes docs/img/export-modal.png.
 *
 *   npx webpack -c docs/export-demo/webpack.config.js && npx tsx docs/export-demo/check.ts
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { startBackend, READ_TOKEN } from '../../backend/testing/spawnServer';

const ROOT = path.resolve(__dirname, '../..');
const BUNDLE = '/tmp/runlens-export-demo';
const ICONS = path.join(ROOT, 'node_modules/@grafana/ui/dist/public/img/icons');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const RUNS = 1234;

async function main() {
  const backend = await startBackend();
  try {
    await backend.ingest('POST', '/api/v1/scripts/shop/deployments');
    for (let i = 0; i < RUNS; i += 100) {
      await Promise.all(
        Array.from({ length: Math.min(100, RUNS - i) }, (_, j) =>
          backend.ingest('POST', '/api/v1/runs', {
            run_id: `c-${i + j}`,
            script: 'shop',
            function: j % 2 ? '=HYPERLINK("x")' : 'checkout',
            source_type: 'api',
            source: 'web',
          })
        )
      );
    }
    await backend.refresh();

    const server = http.createServer(async (req, res) => {
      const url = req.url ?? '/';
      if (url.startsWith('/proxy/')) {
        // What the data proxy does for the route: token and user header added, body passed on.
        const chunks: Buffer[] = [];
        for await (const c of req) chunks.push(c as Buffer);
        const upstream = await fetch(backend.url + url.slice('/proxy'.length), {
          method: req.method,
          headers: {
            authorization: `Bearer ${READ_TOKEN}`,
            'x-grafana-user': 'chromium-check',
            ...(chunks.length ? { 'content-type': 'application/json' } : {}),
          },
          body: chunks.length ? Buffer.concat(chunks) : undefined,
        });
        res.writeHead(upstream.status, Object.fromEntries(upstream.headers));
        res.end(Buffer.from(await upstream.arrayBuffer()));
        return;
      }
      const file =
        url.split('?')[0] === '/'
          ? null
          : url.startsWith('/public/build/img/icons/')
            ? path.join(ICONS, url.slice('/public/build/img/icons/'.length))
            : path.join(BUNDLE, url.split('?')[0]!);
      if (!file) {
        res.setHeader('content-type', 'text/html');
        res.end(`<!doctype html><html><head><meta charset="utf-8"><script>window.__grafana_public_path__='/public/';</script></head>
<body><div id="root"></div><script src="/bundle.js"></script></body></html>`);
        return;
      }
      readFile(file).then(
        (body) => {
          res.setHeader('content-type', file.endsWith('.svg') ? 'image/svg+xml' : 'application/javascript');
          res.end(body);
        },
        () => {
          res.statusCode = 404;
          res.end();
        }
      );
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    const target = {
      baseUrl: '/proxy',
      request: { kind: 'runs', script: ['shop'], sort: 'run_id', order: 'asc' },
      total: RUNS,
    };
    const page = `http://127.0.0.1:${port}/?target=${encodeURIComponent(JSON.stringify(target))}`;
    const flags = [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--hide-scrollbars',
      '--virtual-time-budget=30000',
    ];
    const run = promisify(execFile);
    const { stdout: dom } = await run(CHROMIUM, [...flags, '--dump-dom', page], { maxBuffer: 32 << 20 });
    const done = dom.match(/Done: ([\d,]+) of ([\d,]+) rows written/);
    const href = dom.match(/href="(\/proxy\/api\/v1\/exports\/[0-9a-f-]+\/download)"/)?.[1];
    if (!done || done[1] !== RUNS.toLocaleString('en-US') || done[2] !== done[1] || !href) {
      throw new Error(`the page did not show a finished export with its download link:\n${dom.slice(0, 3000)}`);
    }
    const csv = await (await fetch(`http://127.0.0.1:${port}${href.replace(/&amp;/g, '&')}`)).text();
    const lines = csv.trim().split(/\r?\n/);
    if (lines.length !== RUNS + 1 || !csv.includes(`'=HYPERLINK(""x"")`)) {
      throw new Error(`download: ${lines.length - 1} rows, formula cells not neutralised?`);
    }
    await run(CHROMIUM, [
      ...flags,
      '--window-size=760,420',
      `--screenshot=${path.join(ROOT, 'docs/img/export-modal.png')}`,
      page,
    ]);
    console.log(
      `ok: Chromium showed "${done[0]}", the download has ${lines.length - 1} rows; wrote docs/img/export-modal.png`
    );
    server.close();
  } finally {
    await backend.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
