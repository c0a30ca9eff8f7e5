/**
 * A stand-in for Grafana's HTTP server, for loading the BUILT plugin (dist/) in Chromium:
 *   /                                   the host page (SystemJS + the shared modules, grafanaHost.tsx)
 *   /public/plugins/<app id>/…          dist/ as Grafana serves an installed plugin
 *   /public/build/img/icons/…           @grafana/ui's icons (empty ones for the rest of Grafana's set)
 *   /public/fonts/…                     Grafana's fonts: not in any npm package, 204 (the page falls back)
 *   /api/datasources/proxy/uid/<uid>/<route path>/…
 *                                       the data proxy: the route of dist/datasource/plugin.json,
 *                                       its URL and headers rendered from the instance's jsonData
 *                                       and secureJsonData on the server, forwarded to the backend
 * The secure settings never leave this process: the page gets the instance's jsonData only.
 */
import { build } from 'esbuild';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { join, normalize, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../../..');
const DIST = join(ROOT, 'dist');
const ICONS = join(ROOT, 'node_modules/@grafana/ui/dist/public/img/icons');
const SYSTEMJS = join(ROOT, 'node_modules/systemjs/dist');

export interface DataSourceInstance {
  uid: string;
  name: string;
  jsonData: Record<string, string>;
  /** Kept server-side, as Grafana keeps secureJsonData encrypted in its database. */
  secureJsonData: Record<string, string>;
}

export interface ProxiedRequest {
  path: string;
  /** Headers as the page sent them. */
  fromPage: IncomingHttpHeaders;
  /** Where the proxy sent it, and the header names it added. */
  target: string;
  added: string[];
  status: number;
}

interface Route {
  path: string;
  url: string;
  headers?: Array<{ name: string; content: string }>;
}

/** Grafana's route templates: {{ .JsonData.x }} and {{ .SecureJsonData.x }}. */
function renderTemplate(template: string, ds: DataSourceInstance): string {
  return template.replace(/\{\{\s*\.(JsonData|SecureJsonData)\.(\w+)\s*\}\}/g, (_, kind: string, key: string) =>
    kind === 'JsonData' ? (ds.jsonData[key] ?? '') : (ds.secureJsonData[key] ?? '')
  );
}

/** The host bundle: grafanaHost.tsx with React, @grafana/* and the rest, as production builds. */
async function bundleHost(): Promise<string> {
  const result = await build({
    entryPoints: [join(__dirname, 'grafanaHost.tsx')],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    minify: false,
    sourcemap: false,
    jsx: 'automatic',
    define: { 'process.env.NODE_ENV': '"production"', global: 'window' },
    // Grafana brings its own CSS and fonts; the host page needs none of these.
    loader: { '.svg': 'text', '.png': 'empty', '.woff': 'empty', '.woff2': 'empty', '.ttf': 'empty', '.css': 'empty' },
    logLevel: 'error',
  });
  return result.outputFiles[0]!.text;
}

const page = (boot: unknown) => `<!doctype html>
<html><head><meta charset="utf-8"><title>RunLens in a Grafana host</title>
<style>body { margin: 0; background: #111217; color: #ccccdc; font-family: Inter, Helvetica, Arial, sans-serif; }</style>
<script>
  window.__grafana_public_path__ = '/public/';
  window.grafanaBootData = { settings: { appSubUrl: '', buildInfo: { version: '12.4.2', edition: 'Open Source' }, featureToggles: {}, datasources: {}, panels: {} }, user: { id: 1, login: 'admin', theme: 'dark', timezone: 'utc', orgRole: 'Admin' }, navTree: [] };
  window.runlensBoot = ${JSON.stringify(boot)};
</script>
<script src="/host/system.js"></script>
</head><body><div id="config"></div><div id="query"></div><div id="panel"></div>
<script src="/host/grafana-host.js"></script>
<!-- The AMD define() last, as in Grafana: UMD code in the shared modules (lodash) must not see it. -->
<script src="/host/amd.js"></script>
</body></html>`;

export interface GrafanaHost {
  url: string;
  proxied: ProxiedRequest[];
  /** Grafana's own assets (icons beyond @grafana/ui's subset, fonts) that no npm package ships: served empty. */
  assetsNotShipped: Set<string>;
  close(): Promise<void>;
}

export async function startGrafanaHost(ds: DataSourceInstance): Promise<GrafanaHost> {
  const appId = JSON.parse(await readFile(join(DIST, 'plugin.json'), 'utf8')).id as string;
  const dsPlugin = JSON.parse(await readFile(join(DIST, 'datasource', 'plugin.json'), 'utf8'));
  const routes: Route[] = dsPlugin.routes ?? [];
  const hostJs = await bundleHost();
  const boot = { datasource: { uid: ds.uid, name: ds.name, jsonData: ds.jsonData, modulePath: `/public/plugins/${appId}/datasource/module.js` } };
  const proxied: ProxiedRequest[] = [];
  const assetsNotShipped = new Set<string>();
  const proxyPrefix = `/api/datasources/proxy/uid/${ds.uid}/`;

  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://host');
    const send = (status: number, type: string, body: string | Buffer) => {
      res.writeHead(status, { 'content-type': type });
      res.end(body);
    };
    try {
      if (url.pathname === '/') return send(200, 'text/html', page(boot));
      if (url.pathname === '/host/grafana-host.js') return send(200, 'application/javascript', hostJs);
      if (url.pathname === '/host/system.js') return send(200, 'application/javascript', await readFile(join(SYSTEMJS, 'system.js')));
      if (url.pathname === '/host/amd.js') return send(200, 'application/javascript', await readFile(join(SYSTEMJS, 'extras', 'amd.js')));
      if (url.pathname === '/favicon.ico') return send(204, 'image/x-icon', '');
      const staticFile = (base: string, rel: string) => {
        const file = normalize(join(base, decodeURIComponent(rel)));
        if (!file.startsWith(base)) throw Object.assign(new Error('outside'), { status: 403 });
        return file;
      };
      if (url.pathname.startsWith(`/public/plugins/${appId}/`)) {
        const file = staticFile(DIST, url.pathname.slice(`/public/plugins/${appId}/`.length));
        const type = file.endsWith('.js') ? 'application/javascript' : file.endsWith('.json') ? 'application/json' : file.endsWith('.svg') ? 'image/svg+xml' : 'application/octet-stream';
        return send(200, type, await readFile(file));
      }
      if (url.pathname.startsWith('/public/build/img/icons/')) {
        const rel = url.pathname.slice('/public/build/img/icons/'.length);
        // @grafana/ui ships a subset of the icon set Grafana serves: an empty icon for the others.
        const icon = await readFile(staticFile(ICONS, rel)).catch(() => {
          assetsNotShipped.add(rel);
          return '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"></svg>';
        });
        return send(200, 'image/svg+xml', icon);
      }
      if (url.pathname.startsWith('/public/fonts/')) {
        // Grafana's own fonts (Inter, Roboto Mono) are not in any npm package: the page falls back.
        assetsNotShipped.add(url.pathname);
        res.writeHead(204);
        return res.end();
      }
      if (url.pathname.startsWith(proxyPrefix)) {
        const rest = url.pathname.slice(proxyPrefix.length);
        const route = routes.find((r) => rest === r.path || rest.startsWith(`${r.path}/`));
        if (!route) return send(404, 'application/json', JSON.stringify({ message: 'no route' }));
        const target = renderTemplate(route.url, ds).replace(/\/$/, '') + rest.slice(route.path.length) + url.search;
        const headers: Record<string, string> = { accept: String(req.headers.accept ?? 'application/json') };
        for (const h of route.headers ?? []) headers[h.name.toLowerCase()] = renderTemplate(h.content, ds);
        let status = 502;
        try {
          const upstream = await fetch(target, { method: req.method, headers });
          status = upstream.status;
          const body = Buffer.from(await upstream.arrayBuffer());
          send(status, upstream.headers.get('content-type') ?? 'application/json', body);
        } catch (err) {
          send(502, 'application/json', JSON.stringify({ message: 'Bad Gateway', error: String(err) }));
        }
        proxied.push({ path: url.pathname + url.search, fromPage: req.headers, target, added: Object.keys(headers).filter((h) => h !== 'accept'), status });
        return;
      }
      send(404, 'text/plain', 'not found');
    } catch (err) {
      const status = (err as { status?: number }).status ?? ((err as NodeJS.ErrnoException).code === 'ENOENT' ? 404 : 500);
      send(status, 'text/plain', String(err));
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    proxied,
    assetsNotShipped,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
