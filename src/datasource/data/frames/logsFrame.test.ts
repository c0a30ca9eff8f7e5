import { FieldType, LogLevel } from '@grafana/data';
import { LOG_LEVELS } from '@runlens/contract/enums';
import { log } from '../../test/fixtures';
import { logsFrame, severity } from './logsFrame';

/** How Grafana reads a logs frame's `level` value: a LogLevel key (case-insensitive), else unknown. */
const getLogLevelFromKey = (key: string): LogLevel =>
  (LogLevel as unknown as Record<string, LogLevel>)[key.toLowerCase()] ?? LogLevel.unknown;

const LEVELS = LOG_LEVELS;
const rows = LEVELS.map((level, i) => log(i, { level }));
const field = (name: string) => logsFrame('A', rows).fields.find((f) => f.name === name)!;

describe('logs frame levels', () => {
  it('gives Grafana a severity it knows for every level: stdout → info, stderr → error', () => {
    expect(field('level').values).toEqual(['info', 'error', 'info', 'debug', 'warning', 'error']);
    // What Explore and the logs panel do with the `level` field of a logs frame.
    expect(field('level').values.map((v: string) => getLogLevelFromKey(v))).toEqual([
      LogLevel.info,
      LogLevel.error,
      LogLevel.info,
      LogLevel.debug,
      LogLevel.warning,
      LogLevel.error,
    ]);
    // Without the mapping, standard logging would read as unknown.
    expect(getLogLevelFromKey('stdout')).toBe(LogLevel.unknown);
  });

  it('keeps the level as recorded in log_level (the table column Log Level, a detail field in Explore)', () => {
    expect(field('log_level')).toMatchObject({ type: FieldType.string, values: LEVELS });
    expect(field('log_level').config.displayName).toBe('Log Level');
    expect(field('log_level').config.mappings?.[0].options).toMatchObject({ stdout: { text: 'Stdout' } });
    expect(field('level').config.displayName).toBe('Severity');
  });

  it('keeps Explore’s layout: time first, then the message body, then the severity', () => {
    const frame = logsFrame('A', rows);
    expect(frame.meta?.preferredVisualisationType).toBe('logs');
    expect(frame.fields.slice(0, 3).map((f) => [f.name, f.type])).toEqual([
      ['timestamp', FieldType.time],
      ['message', FieldType.string],
      ['level', FieldType.string],
    ]);
  });

  it('leaves unknown levels as they are', () => {
    expect(severity('trace')).toBe('trace');
  });
});
