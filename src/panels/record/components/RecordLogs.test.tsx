import React from 'react';
import { render, screen } from '@testing-library/react';
import { createTheme } from '@grafana/data';
import { logVolumeFrame } from '../../../datasource/data/frames/logVolumeFrame';
import { RecordLogs } from './RecordLogs';

const line = (i: number, level: string) => ({ log_id: `log-${i}`, level, message: `line ${i}`, timestamp: i });

/** A colour as the browser reports it (rgb(…)), whatever notation it was given in. */
function cssColor(color: string) {
  const probe = document.createElement('span');
  probe.style.color = color;
  return probe.style.color;
}

describe('RecordLogs', () => {
  it('colours each level as the log volume chart does: stderr red like error, info blue', () => {
    render(<RecordLogs logs={[line(1, 'stderr'), line(2, 'info'), line(3, 'error')]} maxHeight={200} />);
    const chart = logVolumeFrame('A', { interval: '1h', buckets: [] });
    const theme = createTheme();
    for (const level of ['stderr', 'info', 'error']) {
      const series = chart.fields.find((f) => f.name === level)!;
      const expected = cssColor(theme.visualization.getColorByName(series.config.color!.fixedColor!));
      expect(getComputedStyle(screen.getByText(level)).color).toBe(expected);
    }
    expect(getComputedStyle(screen.getByText('stderr')).color).toBe(getComputedStyle(screen.getByText('error')).color);
    expect(getComputedStyle(screen.getByText('info')).color).not.toBe(
      getComputedStyle(screen.getByText('error')).color
    );
  });

  it('says when the run has no log lines', () => {
    render(<RecordLogs logs={[]} maxHeight={200} />);
    expect(screen.getByText(/no log lines/)).toBeInTheDocument();
  });
});
