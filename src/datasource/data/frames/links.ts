import type { DataLink, DataLinkClickEvent } from '@grafana/data';
import { locationService } from '@grafana/runtime';

/** The dashboard variable the record view panel reads its run from. */
export const RUN_ID_VARIABLE = 'run_id';

/**
 * Data link on Run ID: sets the dashboard variable `run_id`, which the record view panel follows.
 * Clicking stays on the dashboard (no reload); the URL is there for "open in new tab".
 */
export function recordViewLink(variable = RUN_ID_VARIABLE): DataLink {
  return {
    title: 'Open record view',
    url: `?var-${variable}=\${__value.raw:percentencode}&\${__url_time_range}`,
    onClick: (event: DataLinkClickEvent) => {
      const runId = event.replaceVariables?.('${__value.raw}');
      if (runId) {
        locationService.partial({ [`var-${variable}`]: runId }, false);
      }
    },
  };
}
