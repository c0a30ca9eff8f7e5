import { locationService } from '@grafana/runtime';

/** Moves the dashboard variable (run_id) to another run; the record query follows it. */
export function showRun(variable: string, runId: string) {
  locationService.partial({ [`var-${variable}`]: runId }, true);
}
