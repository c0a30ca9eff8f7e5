/**
 * The export section of `npm run bench`: a CSV export through the API beside a direct
 * point-in-time scan of the same rows (the same query, sort, fields and page size, built by
 * the backend's own request builders) in the same run; the backend's memory growth while it
 * writes, and the time to the first byte of the download.
 */
import { performance } from 'node:perf_hooks';
import type { Client } from '@elastic/elasticsearch';
import type { Indices } from '../src/es/indices';

import { logSelection, runSelection } from '@runlens/contract';
import type { ExportKind } from '../src/exports/columns';
import { countRequest, exportOrder, exportQuery, PIT_KEEP_ALIVE } from '../src/exports/queries';
import { scanPages } from '../src/exports/scan';
import { scanGroups } from '../src/exports/scanPlan';

export interface ExportBenchBackend {
  url: string;
  usage(): Promise<{ cpu_ms: number; rss_mb: number } | null>;
}

const USER = 'bench-user';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The same rows the export writes, read straight from Elasticsearch page by page: the same
 * count (with its scan plan), the same pages of the same index groups.
 */
async function directScan(
  es: Client,
  index: string,
  kind: ExportKind,
  body: Record<string, unknown>,
  pageSize: number
): Promise<{ rows: number; seconds: number }> {
  const sel = (kind === 'runs' ? runSelection : logSelection).parse(body);
  const query = exportQuery(kind, sel);
  const sort = { sort: kind === 'runs' ? 'executed_on' : 'timestamp', order: 'desc' } as const;
  const started = performance.now();
  const pit = await es.openPointInTime({ index, keep_alive: PIT_KEEP_ALIVE, ignore_unavailable: true });
  const counted = await es.search(countRequest(kind, pit.id, query, sort));
  const scan = {
    kind,
    pitId: counted.pit_id ?? pit.id,
    query,
    order: exportOrder(kind, sort),
    groups: scanGroups(counted.aggregations, sort.order),
  };
  let rows = 0;
  let pitId = scan.pitId;
  for await (const page of scanPages(es, scan, pageSize)) {
    rows += page.hits.length;
    pitId = page.pitId;
  }
  await es.closePointInTime({ id: pitId });
  return { rows, seconds: (performance.now() - started) / 1000 };
}

async function exportOnce(backend: ExportBenchBackend, token: string, kind: ExportKind, body: Record<string, unknown>) {
  const headers = { authorization: `Bearer ${token}`, 'x-grafana-user': USER, 'content-type': 'application/json' };
  const before = await backend.usage();
  let peak = before?.rss_mb ?? 0;
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      const u = await backend.usage();
      peak = Math.max(peak, u?.rss_mb ?? 0);
      await sleep(100);
    }
  })();
  const started = performance.now();
  const created = await fetch(`${backend.url}/api/v1/exports`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ kind, ...body }),
  });
  if (created.status !== 202) {
    throw new Error(`export start answered ${created.status}: ${await created.text()}`);
  }
  const id = ((await created.json()) as { export: { id: string } }).export.id;
  let job: { state: string; rows_written: number; rows_expected: number; bytes: number | null };
  for (;;) {
    const res = await fetch(`${backend.url}/api/v1/exports/${id}`, { headers });
    job = ((await res.json()) as { export: typeof job }).export;
    if (job.state !== 'running' && job.state !== 'queued') {
      break;
    }
    await sleep(50);
  }
  const seconds = (performance.now() - started) / 1000;
  sampling = false;
  await sampler;
  const after = await backend.usage();
  if (job.state !== 'done') {
    throw new Error(`export ended ${job.state}`);
  }
  const dlStart = performance.now();
  const dl = await fetch(`${backend.url}/api/v1/exports/${id}/download`, { headers });
  const reader = dl.body!.getReader();
  let first: number | null = null;
  let bytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) {
      break;
    }
    first ??= performance.now() - dlStart;
    bytes += value.byteLength;
  }
  const downloadSeconds = (performance.now() - dlStart) / 1000;
  await fetch(`${backend.url}/api/v1/exports/${id}`, { method: 'DELETE', headers });
  return {
    rows: job.rows_written,
    rows_expected: job.rows_expected,
    seconds: round(seconds),
    rows_per_s: Math.round(job.rows_written / seconds),
    file_mb: round(bytes / 1048576),
    download_ttfb_ms: round(first ?? 0),
    download_s: round(downloadSeconds),
    rss_before_mb: before ? round(before.rss_mb) : null,
    rss_peak_mb: before ? round(peak) : null,
    memory_growth_mb: before ? round(peak - before.rss_mb) : null,
    // The backend's own work per row (parse, CSV, file, job state): what it leaves Elasticsearch of two cores.
    backend_cpu_us_per_row: before && after ? round(((after.cpu_ms - before.cpu_ms) * 1000) / job.rows_written) : null,
  };
}

const round = (n: number) => Math.round(n * 100) / 100;

/** One export per kind over every loaded row (the whole window, all scripts). */
export async function exportBench(
  backend: ExportBenchBackend,
  es: Client,
  indices: Indices,
  token: string,
  window: { from: number; to: number },
  pageSize: number,
  progress: (msg: string) => void
) {
  const body = { from: window.from, to: window.to };
  const out: Record<string, unknown> = {};
  let pass = true;
  for (const kind of ['runs', 'logs'] as const) {
    const index = kind === 'runs' ? indices.runsPattern : indices.logsPattern;
    // Both sides read the same rows; a first scan warms the caches so neither pays for it.
    progress(`export: ${kind} warm-up scan`);
    await directScan(es, index, kind, body, pageSize);
    // The backend is timed warm, as Elasticsearch is: a just-started process's first export
    // ran about half as fast as its second on the same rows. An untimed export of the last
    // tenth of the window first.
    progress(`export: ${kind} warm-up export through the API`);
    await exportOnce(backend, token, kind, { from: window.to - (window.to - window.from) / 10, to: window.to });
    progress(`export: ${kind} through the API`);
    const api = await exportOnce(backend, token, kind, body);
    progress(`export: ${kind} straight from Elasticsearch (point in time, same pages)`);
    const direct = await directScan(
      es,
      kind === 'runs' ? indices.runsPattern : indices.logsPattern,
      kind,
      body,
      pageSize
    );
    const directRate = Math.round(direct.rows / direct.seconds);
    const ok = api.rows === direct.rows && api.rows_per_s >= 50_000 && (api.memory_growth_mb ?? 0) <= 100;
    pass &&= ok;
    out[kind] = {
      ...api,
      direct: { rows: direct.rows, seconds: round(direct.seconds), rows_per_s: directRate },
      ratio: round(api.rows_per_s / directRate),
      target: { rows_per_s_min: 50_000, memory_growth_mb_max: 100 },
      pass: ok,
    };
  }
  return { ...out, page_size: pageSize, pass };
}
