import { getDisplayProcessor, createTheme } from '@grafana/data';
import { statsFrame } from './statsFrame';

const theme = createTheme();
const shown = (frame: ReturnType<typeof statsFrame>, name: string) => {
  const field = frame.fields.find((f) => f.name === name)!;
  const d = getDisplayProcessor({ field, theme })(field.values[0]);
  return `${d.prefix ?? ''}${d.text}${d.suffix ?? ''}`;
};

const metrics = { timed_runs: 2, p90_reliable: false, p99_reliable: false };

describe('stats frame', () => {
  it('shows the four seed metrics with their units', () => {
    const frame = statsFrame('A', {
      ...metrics,
      total_runs: 3,
      failed_runs: 1,
      p90_ms: 1250,
      p99_ms: 87.5,
      failure_rate: 33.33,
    });
    expect(shown(frame, 'total_runs')).toBe('3');
    expect(shown(frame, 'p90_ms')).toBe('1.25 s');
    expect(shown(frame, 'p99_ms')).toBe('87.5 ms');
    expect(shown(frame, 'failure_rate')).toBe('33.33%');
  });

  it('shows no percentile when no run has a response time', () => {
    const frame = statsFrame('A', {
      ...metrics,
      total_runs: 2,
      failed_runs: 2,
      p90_ms: null,
      p99_ms: null,
      failure_rate: 100,
    });
    expect(shown(frame, 'p90_ms')).toBe('–');
  });

  it('carries the number of runs behind the percentiles, so a panel can show "P99 of 37 runs"', () => {
    const frame = statsFrame('A', {
      ...metrics,
      total_runs: 40,
      failed_runs: 3,
      p90_ms: 9,
      p99_ms: 12,
      failure_rate: 7.5,
      timed_runs: 37,
    });
    const field = frame.fields.find((f) => f.name === 'timed_runs')!;
    expect(field.config.displayName).toBe('Timed Runs');
    expect(shown(frame, 'timed_runs')).toBe('37');
  });
});
