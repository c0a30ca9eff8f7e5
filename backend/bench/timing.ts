/** Timing: each API read beside the same Elasticsearch request, medians and p95s. */
import { performance } from 'node:perf_hooks';
import { opts, progress } from './options';

export interface Timing {
  median_ms: number;
  p95_ms: number;
  mean_ms: number;
  min_ms: number;
}

export function summarize(xs: number[]): Timing {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
  const r = (x: number) => Math.round(x * 100) / 100;
  // Median: middle value, or the mean of the two middle ones.
  const mid = s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
  return { median_ms: r(mid), p95_ms: r(q(95)), mean_ms: r(s.reduce((a, b) => a + b, 0) / s.length), min_ms: r(s[0]!) };
}

/** Each request gets its own time window, so neither side is answered from Elasticsearch's request cache. */
// A random start keeps a rerun over a kept data set off the windows of the previous run.
let windowCounter = Math.floor(Math.random() * 3600);
/** The next measurement window's offset. */
export const nextWindow = () => windowCounter++;

export interface PairResult {
  api: Timing;
  direct: Timing;
  direct_es_took: Timing;
  ratio: number;
  /** A further contender timed in the same rotation (e.g. the direct work including a second round trip). */
  extra?: Record<string, Timing>;
}

export async function timePair(
  name: string,
  params: (windowIndex: number) => Record<string, string>,
  api: (p: Record<string, string>) => Promise<unknown>,
  direct: (p: Record<string, string>) => Promise<{ took?: number }>,
  extra?: { name: string; run: (p: Record<string, string>) => Promise<unknown> }
): Promise<PairResult> {
  const apiMs: number[] = [];
  const directMs: number[] = [];
  const extraMs: number[] = [];
  const took: number[] = [];
  const total = opts.warmup + opts.iterations;
  const timeOne = async (run: (p: Record<string, string>) => Promise<unknown>, into: number[], record: boolean) => {
    const p = params(nextWindow());
    const s = performance.now();
    const res = await run(p);
    if (record) {
      into.push(performance.now() - s);
    }
    return res;
  };
  for (let i = 0; i < total; i++) {
    const record = i >= opts.warmup;
    const steps: Array<() => Promise<unknown>> = [
      () => timeOne(api, apiMs, record),
      async () => {
        const res = (await timeOne(direct, directMs, record)) as { took?: number };
        if (record) {
          took.push(res.took ?? 0);
        }
      },
    ];
    if (extra) {
      steps.push(() => timeOne(extra.run, extraMs, record));
    }
    // Rotate which goes first so no side always runs on a warmer cache.
    for (let j = 0; j < steps.length; j++) {
      await steps[(i + j) % steps.length]!();
    }
  }
  const a = summarize(apiMs);
  const d = summarize(directMs);
  const ratio = Math.round((a.median_ms / d.median_ms) * 100) / 100;
  const e = extra ? { [extra.name]: summarize(extraMs) } : undefined;
  progress(
    `${name}: api median ${a.median_ms} ms p95 ${a.p95_ms} | direct median ${d.median_ms} ms p95 ${d.p95_ms} | ratio ${ratio}` +
      (e ? ` | ${extra!.name} median ${e[extra!.name]!.median_ms} ms` : '')
  );
  return { api: a, direct: d, direct_es_took: summarize(took), ratio, ...(e ? { extra: e } : {}) };
}

// ---------------------------------------------------------------------------------------------
