import type { TestDataSourceResponse } from '@grafana/data';
import type { ScriptsResponse } from '../types';
import { ApiError, type RunLensApi } from './api';

const fail = (message: string, details?: string): TestDataSourceResponse => ({
  status: 'error',
  message,
  ...(details ? { details: { message: details } } : {}),
});

/**
 * "Save & test": is the backend reachable, is its Elasticsearch up, is the read token good?
 * Each failure says which of the three it is and what to do.
 */
export async function checkHealth(api: RunLensApi, backendUrl: string | undefined): Promise<TestDataSourceResponse> {
  if (!backendUrl) {
    return fail('Set the RunLens backend URL (for example http://runlens-backend:8080), then save and test again.');
  }
  try {
    await api.ready();
  } catch (err) {
    const e = err instanceof ApiError ? err : new ApiError(String(err), 0);
    if (e.status === 503) {
      return fail(
        'The RunLens backend is reachable, but Elasticsearch is down: runs and logs cannot be read until it is back.',
        e.message
      );
    }
    if (e.status === 404) {
      return fail(`${backendUrl} answered, but it is not a RunLens backend (no /readyz). Check the URL.`, e.message);
    }
    return fail(
      `Cannot reach the RunLens backend at ${backendUrl}. Check the URL and that the backend is running.`,
      e.message
    );
  }
  let scripts: ScriptsResponse;
  try {
    scripts = await api.scripts();
  } catch (err) {
    const e = err instanceof ApiError ? err : new ApiError(String(err), 0);
    if (e.status === 401) {
      return fail('The RunLens backend rejected the read token. Enter a valid read token and save again.', e.message);
    }
    if (e.status === 403) {
      return fail(
        'The token is not allowed to read: use a token with the read scope (not an ingest token).',
        e.message
      );
    }
    return fail(`The backend is up but reading failed: ${e.message}`);
  }
  const n = scripts.scripts?.length ?? 0;
  return {
    status: 'success',
    message: `RunLens backend ready, Elasticsearch up, read token accepted. ${n} script${n === 1 ? '' : 's'} known.`,
  };
}
