import { LOG_LEVELS } from '@runlens/contract/enums';
import { logLevel, runStatus, sourceType } from './vocabulary';

describe('one vocabulary of labels and colours', () => {
  it('gives each status, source type and level its contract label and colour', () => {
    expect(runStatus('failed')).toEqual({ label: 'Failed', color: 'red' });
    expect(runStatus('in_progress')).toEqual({ label: 'In Progress', color: 'blue' });
    expect(sourceType('api')).toEqual({ label: 'API', color: 'blue' });
    expect(logLevel('stderr')).toEqual({ label: 'Stderr', color: 'red' });
    expect(logLevel('info')).toEqual({ label: 'Info', color: 'blue' });
  });

  it('gives every level a colour of its own kind: errors (stdout aside) never share one with info', () => {
    const colors = Object.fromEntries(LOG_LEVELS.map((l) => [l, logLevel(l).color]));
    expect(colors.stderr).toBe(colors.error);
    expect(colors.info).not.toBe(colors.error);
    expect(colors.warning).not.toBe(colors.error);
  });

  it('shows a value it does not know as itself, in the neutral colour', () => {
    expect(logLevel('trace')).toEqual({ label: 'trace', color: 'text' });
    expect(runStatus('')).toEqual({ label: 'Unknown', color: 'text' });
  });
});
