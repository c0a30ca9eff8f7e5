export interface RecordPanelOptions {
  /** Dashboard variable holding the run shown; prev/next and K/J move it. */
  runIdVariable: string;
  /** Logs table height in pixels before it scrolls. */
  logsMaxHeight: number;
}

export const DEFAULT_OPTIONS: RecordPanelOptions = {
  runIdVariable: 'run_id',
  logsMaxHeight: 240,
};
