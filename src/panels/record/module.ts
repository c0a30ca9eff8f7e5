import { PanelPlugin } from '@grafana/data';
import { RecordPanel } from './RecordPanel';
import { DEFAULT_OPTIONS, type RecordPanelOptions } from './types';

export const plugin = new PanelPlugin<RecordPanelOptions>(RecordPanel).setPanelOptions((builder) =>
  builder
    .addTextInput({
      path: 'runIdVariable',
      name: 'Run ID variable',
      description: 'Dashboard variable holding the run shown. Previous / Next and the K / J keys move it.',
      defaultValue: DEFAULT_OPTIONS.runIdVariable,
    })
    .addNumberInput({
      path: 'logsMaxHeight',
      name: 'Logs height',
      description: 'Height of the logs table (px) before it scrolls.',
      defaultValue: DEFAULT_OPTIONS.logsMaxHeight,
    })
);
