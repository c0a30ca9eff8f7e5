import { applyFinish, applyStart, type StartEvent } from './lifecycle';

const start: StartEvent = {
  run_id: 'r1',
  script: 's',
  function: 'f',
  source_type: 'api',
  source: 'checkout',
  executed_on: '2026-01-01T00:00:00.000Z',
  deployment_version: 2,
};
const now = '2026-01-01T00:00:05.000Z';

describe('run lifecycle', () => {
  it('measures response time of a successful run from start to finish', () => {
    const started = applyStart(null, start, now)!;
    expect(started.status).toBe('in_progress');
    const done = applyFinish(
      started,
      { run_id: 'r1', status: 'success', finished_at: '2026-01-01T00:00:01.250Z' },
      now
    )!;
    expect(done.response_time_ms).toBe(1250);
  });

  it('keeps no response time for failed runs, even when one is given', () => {
    const done = applyFinish(
      applyStart(null, start, now),
      { run_id: 'r1', status: 'failed', finished_at: now, response_time_ms: 9, error: 'E_TIMEOUT' },
      now
    )!;
    expect(done.response_time_ms).toBeNull();
    expect(done.error).toBe('E_TIMEOUT');
  });

  it('merges a start that arrives after its finish', () => {
    const finished = applyFinish(
      null,
      { run_id: 'r1', status: 'success', finished_at: '2026-01-01T00:00:02.000Z' },
      now
    )!;
    expect(finished.started).toBe(false);
    expect(finished.response_time_ms).toBeNull();
    const merged = applyStart(finished, start, now)!;
    expect(merged).toMatchObject({ status: 'success', started: true, script: 's', response_time_ms: 2000 });
  });

  it('treats repeated starts and finishes as no-ops', () => {
    const started = applyStart(null, start, now)!;
    expect(applyStart(started, { ...start, source: 'other' }, now)).toBeNull();
    const done = applyFinish(started, { run_id: 'r1', status: 'success', finished_at: now }, now)!;
    expect(applyFinish(done, { run_id: 'r1', status: 'failed', finished_at: now }, now)).toBeNull();
  });

  it('prefers the response time the platform measured', () => {
    const done = applyFinish(
      applyStart(null, start, now),
      { run_id: 'r1', status: 'success', finished_at: now, response_time_ms: 42.5 },
      now
    )!;
    expect(done.response_time_ms).toBe(42.5);
  });
});
