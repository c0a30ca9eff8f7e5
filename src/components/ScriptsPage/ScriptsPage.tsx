import React from 'react';
import { dateTimeFormat } from '@grafana/data';
import { PluginPage } from '@grafana/runtime';
import { Alert, Badge, EmptyState, LinkButton, LoadingPlaceholder, Stack, TextLink } from '@grafana/ui';
import { DASHBOARDS } from '../../constants';
import type { ScriptInfo } from '../../datasource/types';
import { useScripts } from './useScripts';

const dashboardUrl = (uid: string, script?: string) =>
  `/d/${uid}${script ? `?var-script=${encodeURIComponent(script)}` : ''}`;

/** Every script RunLens knows: deployed or not, current version, runs, last run, links to its dashboards. */
export function ScriptsPage() {
  const state = useScripts();
  return (
    <PluginPage>
      <Stack direction="column" gap={2}>
        <Stack gap={1}>
          <LinkButton href={dashboardUrl(DASHBOARDS.allRuns.uid)} icon="apps" variant="secondary">
            All Runs dashboard
          </LinkButton>
          <LinkButton href={dashboardUrl(DASHBOARDS.logs.uid)} icon="document-info" variant="secondary">
            Logs dashboard
          </LinkButton>
        </Stack>
        <ScriptsBody state={state} />
      </Stack>
    </PluginPage>
  );
}

function ScriptsBody({ state }: { state: ReturnType<typeof useScripts> }) {
  switch (state.status) {
    case 'loading':
      return <LoadingPlaceholder text="Loading scripts…" />;
    case 'no-datasource':
      return (
        <Alert severity="info" title="No RunLens data source">
          Add a data source of type RunLens Scripts with the backend URL and a read token.
        </Alert>
      );
    case 'error':
      return (
        <Alert severity="error" title="Could not list scripts">
          {state.message}
        </Alert>
      );
    case 'ok':
      return state.scripts.length === 0 ? (
        <EmptyState variant="call-to-action" message="No script deployed" hideImage>
          Deploy a script and run it through the API or a workflow node; its runs and logs appear here.
        </EmptyState>
      ) : (
        <ScriptsTable scripts={state.scripts} />
      );
  }
}

function ScriptsTable({ scripts }: { scripts: ScriptInfo[] }) {
  return (
    <table className="filter-table" aria-label="Scripts">
      <thead>
        <tr>
          <th>Script</th>
          <th>Deployment</th>
          <th>Total runs</th>
          <th>Last run</th>
        </tr>
      </thead>
      <tbody>
        {scripts.map((s) => (
          <tr key={s.script}>
            <td>
              <TextLink href={dashboardUrl(DASHBOARDS.allRuns.uid, s.script)} inline={false}>
                {s.script}
              </TextLink>
            </td>
            <td>
              {s.deployed ? (
                <Badge color="green" text={`Deployed · v${s.current_version}`} />
              ) : (
                <Badge color="darkgrey" text="Undeployed" />
              )}
            </td>
            <td>{s.total_runs === 0 ? 'Never run' : s.total_runs}</td>
            <td>{s.last_run_at ? dateTimeFormat(s.last_run_at) : '–'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
