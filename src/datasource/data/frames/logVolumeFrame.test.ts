import { FieldType } from '@grafana/data';
import type { LogVolumeResponse } from '../../types';
import { logVolumeFrame } from './logVolumeFrame';

const zero = { stdout: 0, stderr: 0, info: 0, debug: 0, warning: 0, error: 0 };
const volume: LogVolumeResponse = {
  interval: '1h',
  buckets: [
    { time: '2026-11-20T10:00:00.000Z', total_logs: 6, by_level: { ...zero, stdout: 3, error: 2, warning: 1 } },
    { time: '2026-11-20T11:00:00.000Z', total_logs: 0, by_level: zero },
    { time: '2026-11-20T12:00:00.000Z', total_logs: 2, by_level: { ...zero, info: 1, debug: 1 } },
  ],
};

describe('log volume frame', () => {
  it('has a time field and one number field per level, named as the levels are shown', () => {
    const frame = logVolumeFrame('B', volume);
    expect(frame.refId).toBe('B');
    expect(frame.length).toBe(3);
    expect(frame.fields.map((f) => [f.name, f.type, f.config.displayName])).toEqual([
      ['time', FieldType.time, undefined],
      ['stdout', FieldType.number, 'Stdout'],
      ['stderr', FieldType.number, 'Stderr'],
      ['info', FieldType.number, 'Info'],
      ['debug', FieldType.number, 'Debug'],
      ['warning', FieldType.number, 'Warning'],
      ['error', FieldType.number, 'Error'],
    ]);
  });

  it('keeps every bucket, empty ones as zeros, oldest first, with the interval in ms', () => {
    const frame = logVolumeFrame('A', volume);
    const values = (name: string) => frame.fields.find((f) => f.name === name)!.values;
    expect(values('time')).toEqual([
      Date.parse('2026-11-20T10:00:00.000Z'),
      Date.parse('2026-11-20T11:00:00.000Z'),
      Date.parse('2026-11-20T12:00:00.000Z'),
    ]);
    expect(values('stdout')).toEqual([3, 0, 0]);
    expect(values('error')).toEqual([2, 0, 0]);
    expect(values('warning')).toEqual([1, 0, 0]);
    expect(values('info')).toEqual([0, 0, 1]);
    expect(values('debug')).toEqual([0, 0, 1]);
    expect(values('stderr')).toEqual([0, 0, 0]);
    expect(frame.fields[0].config.interval).toBe(3_600_000);
    expect(frame.meta?.custom).toEqual({ interval: '1h' });
  });

  it('counts whole lines, errors red and warnings orange', () => {
    const frame = logVolumeFrame('A', volume);
    const config = (name: string) => frame.fields.find((f) => f.name === name)!.config;
    expect(config('error')).toMatchObject({ unit: 'none', decimals: 0, color: { mode: 'fixed', fixedColor: 'red' } });
    expect(config('warning').color).toEqual({ mode: 'fixed', fixedColor: 'orange' });
  });

  it('is empty, not broken, when no bucket came back', () => {
    const frame = logVolumeFrame('A', { interval: '1d', buckets: [] });
    expect(frame.length).toBe(0);
    expect(frame.fields).toHaveLength(7);
  });
});
