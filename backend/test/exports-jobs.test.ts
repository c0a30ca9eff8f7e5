import { readdirSync } from 'node:fs';
import { type Api, eventually, INGEST, startApi } from './harness';
import {
  ALICE,
  BOB,
  download,
  held,
  holdAtPage,
  type Json,
  jobOf,
  type Replicas,
  settled,
  startExport,
  startReplicas,
  stopReplicas,
} from './exportsFixture';

/**
 * Export jobs against the real Elasticsearch: they belong to their Grafana user, a cancel stops
 * the writer from any replica, two replicas serve the same job, the TTL sweep removes files, and
 * a job whose writer died is failed.
 */
jest.setTimeout(180_000);

let replicas: Replicas;
let a: Api;
let b: Api;
let dir: string;
beforeAll(async () => {
  replicas = await startReplicas();
  ({ a, b, dir } = replicas);
}, 180_000);
afterAll(() => stopReplicas(replicas));

describe('ownership', () => {
  it('refuses a request without a Grafana user (400 naming the header)', async () => {
    for (const [method, path] of [
      ['POST', '/api/v1/exports'],
      ['GET', '/api/v1/exports'],
      ['GET', '/api/v1/exports/00000000-0000-4000-8000-000000000000'],
      ['DELETE', '/api/v1/exports/00000000-0000-4000-8000-000000000000'],
    ] as const) {
      const res = await a.call(method, path, { body: method === 'POST' ? { kind: 'runs' } : undefined });
      expect([method, path, res.status, res.body.error.details[0]?.path]).toEqual([
        method,
        path,
        400,
        'headers.x-grafana-user',
      ]);
    }
    // The read token stays required too: a user header is no credential.
    expect((await a.call('GET', '/api/v1/exports', { token: null, headers: ALICE })).status).toBe(401);
    expect((await a.call('GET', '/api/v1/exports', { token: INGEST, headers: ALICE })).status).toBe(403);
  });

  it("scopes listing, progress, download and cancel to the job's user", async () => {
    const release = holdAtPage(1);
    const job = await startExport(a, { kind: 'runs', script: 'shop' });
    await held();
    try {
      expect((await a.call('GET', `/api/v1/exports/${job.id}`, { headers: BOB })).status).toBe(404);
      expect((await download(a, job.id, BOB)).status).toBe(404);
      const cancel = await a.call('DELETE', `/api/v1/exports/${job.id}`, { headers: BOB });
      expect([cancel.status, cancel.body.error.code]).toEqual([404, 'not_found']);
      const bobs = await a.call('GET', '/api/v1/exports', { headers: BOB });
      expect(bobs.body.exports.map((j: Json) => j.id)).not.toContain(job.id);
      const alices = await a.call('GET', '/api/v1/exports', { headers: ALICE });
      expect(alices.body.exports.map((j: Json) => j.id)).toContain(job.id);
      // Bob's cancel left Alice's export running.
      expect((await jobOf(a, job.id)).state).toBe('running');
    } finally {
      release();
    }
    expect(await settled(a, job.id)).toMatchObject({ state: 'done' });
    expect((await download(a, job.id)).status).toBe(200);
  });

  it("one user's cancel stops only their own export", async () => {
    const release = holdAtPage(1);
    const alices = await startExport(a, { kind: 'runs', script: 'shop' });
    await held();
    const bobs = await startExport(b, { kind: 'runs', script: 'shop' }, BOB);
    const cancelled = await a.call('DELETE', `/api/v1/exports/${bobs.id}`, { headers: BOB });
    expect([cancelled.status, cancelled.body.export.state]).toEqual([200, 'cancelled']);
    expect((await jobOf(a, alices.id)).state).toBe('running');
    release();
    expect((await settled(a, alices.id)).state).toBe('done');
    expect((await jobOf(a, bobs.id, BOB)).state).toBe('cancelled');
  });
});

describe('cancel', () => {
  it('stops the writer and removes the partial file', async () => {
    const release = holdAtPage(1);
    const job = await startExport(a, { kind: 'runs' });
    await held();
    expect(readdirSync(dir)).toContain(`${job.id}.csv.part`);
    // Progress trails the pages by at most one write: the first page's shows up while held.
    await eventually(async () => (await jobOf(a, job.id)).rows_written === 97);
    const res = await a.call('DELETE', `/api/v1/exports/${job.id}`, { headers: ALICE });
    expect([res.status, res.body.export.state]).toEqual([200, 'cancelled']);
    release();
    await a.exports.idle();
    const after = await jobOf(a, job.id);
    expect(after.state).toBe('cancelled');
    expect(after.rows_written).toBe(97);
    expect(after.rows_expected).toBeGreaterThan(97);
    expect(readdirSync(dir).filter((f) => f.startsWith(job.id))).toEqual([]);
    const dl = await download(a, job.id);
    expect([dl.status, JSON.parse(dl.text).error.code]).toEqual([409, 'not_ready']);
  });

  it('of a finished export removes its file', async () => {
    const job = await startExport(a, { kind: 'logs', script: 'shop' });
    await settled(a, job.id);
    expect(readdirSync(dir)).toContain(`${job.id}.csv`);
    expect((await a.call('DELETE', `/api/v1/exports/${job.id}`, { headers: ALICE })).body.export.state).toBe(
      'cancelled'
    );
    expect(readdirSync(dir).filter((f) => f.startsWith(job.id))).toEqual([]);
  });
});

describe('two replicas on one Elasticsearch', () => {
  it('serve the same job: progress and cancel through the replica that is not writing', async () => {
    const release = holdAtPage(2);
    const job = await startExport(a, { kind: 'runs' });
    await held();
    await eventually(async () => (await jobOf(b, job.id)).rows_written === 194);
    expect(await jobOf(b, job.id)).toMatchObject({ state: 'running', rows_expected: job.rows_expected });
    expect((await b.call('DELETE', `/api/v1/exports/${job.id}`, { headers: ALICE })).status).toBe(200);
    release();
    await a.exports.idle();
    expect(await jobOf(a, job.id)).toMatchObject({ state: 'cancelled', rows_written: 194 });
    expect(readdirSync(dir).filter((f) => f.startsWith(job.id))).toEqual([]);
  });

  it('a file written by one replica downloads from the other, and from a restarted one', async () => {
    const job = await startExport(a, { kind: 'runs', script: 'billing', sort: 'run_id', order: 'asc' });
    expect((await settled(b, job.id)).state).toBe('done');
    const fromA = await download(a, job.id);
    const fromB = await download(b, job.id);
    expect(fromB.status).toBe(200);
    expect(fromB.text).toBe(fromA.text);
    // A fresh process: nothing of the job was in its memory.
    const restarted = await startApi({ ES_INDEX_PREFIX: a.prefix, EXPORT_DIR: dir });
    try {
      const listed = await restarted.call('GET', '/api/v1/exports', { headers: ALICE });
      expect(listed.body.exports.find((j: Json) => j.id === job.id)).toMatchObject({ state: 'done' });
      expect((await download(restarted, job.id)).text).toBe(fromA.text);
    } finally {
      await restarted.close();
    }
  });
});

describe('TTL', () => {
  it('expires finished files after the TTL and removes them', async () => {
    const job = await startExport(a, { kind: 'logs', script: 'billing' });
    await settled(a, job.id);
    // Within the TTL nothing happens.
    await a.exports.sweep(new Date());
    expect((await download(a, job.id)).status).toBe(200);
    const later = new Date(Date.parse(job.expires_at) + 1000);
    expect((await b.exports.sweep(later)).expired).toBeGreaterThanOrEqual(1);
    expect(readdirSync(dir)).not.toContain(`${job.id}.csv`);
    expect((await jobOf(a, job.id)).state).toBe('expired');
    const dl = await download(a, job.id);
    expect([dl.status, JSON.parse(dl.text).error.code]).toEqual([410, 'expired']);
  });
});

describe('a writer that stopped', () => {
  it('is marked failed by the sweep after 5 minutes without progress, its partial file removed', async () => {
    const release = holdAtPage(1);
    const job = await startExport(a, { kind: 'runs' });
    await held();
    // Within 5 minutes of its last page the job stays running.
    await b.exports.sweep(new Date(Date.now() + 60_000));
    expect((await jobOf(a, job.id)).state).toBe('running');
    await b.exports.sweep(new Date(Date.now() + 6 * 60_000));
    expect(await jobOf(a, job.id)).toMatchObject({
      state: 'failed',
      error: 'the backend writing this export stopped; start it again',
    });
    expect(readdirSync(dir).filter((f) => f.startsWith(job.id))).toEqual([]);
    // Should the writer come back, it stops at its next page.
    release();
    await a.exports.idle();
    expect((await jobOf(a, job.id)).state).toBe('failed');
    expect(readdirSync(dir).filter((f) => f.startsWith(job.id))).toEqual([]);
  });
});
