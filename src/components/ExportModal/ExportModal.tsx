import React, { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Alert, Button, LinkButton, Stack, Text } from '@grafana/ui';
import { RunLensApi } from '../../datasource/data/api';
import type { ExportJob, ExportTarget } from '../../shared/exportTarget';

interface Props {
  target: ExportTarget;
  onDismiss?: () => void;
  /** How often progress is read while the file is written. */
  pollMs?: number;
}

const fmt = (n: number) => n.toLocaleString('en-US');

type View =
  { step: 'starting' } | { step: 'job'; job: ExportJob } | { step: 'error'; message: string; job?: ExportJob };

/**
 * Starts the export of the table's rows as soon as it opens, shows how many rows are written
 * of how many match, and then the download, the error, or that it was cancelled.
 */
export function ExportModal({ target, onDismiss, pollMs = 1000 }: Props) {
  const api = useMemo(() => new RunLensApi(target.baseUrl), [target.baseUrl]);
  const [view, setView] = useState<View>({ step: 'starting' });
  const started = useRef(false);

  useEffect(() => {
    if (started.current) {
      return;
    }
    started.current = true;
    api.startExport(target.request).then(
      ({ export: job }) => setView({ step: 'job', job }),
      (err: Error) => setView({ step: 'error', message: err.message })
    );
  }, [api, target]);

  const job = view.step === 'job' ? view.job : undefined;
  const active = job?.state === 'running' || job?.state === 'queued';
  useEffect(() => {
    if (!active || !job) {
      return;
    }
    const timer = setTimeout(() => {
      api.getExport(job.id).then(
        ({ export: next }) => setView({ step: 'job', job: next }),
        (err: Error) => setView({ step: 'error', message: err.message, job })
      );
    }, pollMs);
    return () => clearTimeout(timer);
  }, [active, job, api, pollMs]);

  const cancel = useCallback(() => {
    if (!job) {
      return;
    }
    api.cancelExport(job.id).then(
      ({ export: next }) => setView({ step: 'job', job: next }),
      (err: Error) => setView({ step: 'error', message: err.message, job })
    );
  }, [api, job]);

  return (
    <Stack direction="column" gap={2}>
      <Text>
        {`${target.request.kind === 'runs' ? 'Runs' : 'Log lines'} of this panel's selection, every one of them (${fmt(target.total)} matched when the panel loaded), as CSV.`}
      </Text>
      {view.step === 'starting' && <Text color="secondary">Starting the export…</Text>}
      {view.step === 'error' && (
        <Alert severity="error" title="The export failed">
          {view.message}
        </Alert>
      )}
      {job && <JobProgress job={job} />}
      {job?.state === 'failed' && (
        <Alert severity="error" title="The export failed">
          {job.error ?? 'unknown error'}
        </Alert>
      )}
      {job?.state === 'cancelled' && <Alert severity="info" title="Export cancelled: no file was kept" />}
      {job?.state === 'expired' && <Alert severity="warning" title="This export's file expired: start it again" />}
      <Stack direction="row" gap={1} justifyContent="flex-end">
        {active && (
          <Button variant="destructive" fill="outline" onClick={cancel}>
            Cancel export
          </Button>
        )}
        {job?.state === 'done' && (
          <LinkButton icon="download-alt" href={api.downloadUrl(job.id)} download={job.file_name}>
            {`Download ${job.file_name}`}
          </LinkButton>
        )}
        <Button variant="secondary" onClick={onDismiss}>
          Close
        </Button>
      </Stack>
    </Stack>
  );
}

function JobProgress({ job }: { job: ExportJob }) {
  const done = job.state === 'done';
  const label = `${fmt(job.rows_written)} of ${fmt(job.rows_expected)} rows written`;
  return (
    <Stack direction="column" gap={1}>
      <progress
        aria-label="Export progress"
        max={Math.max(job.rows_expected, 1)}
        value={done ? Math.max(job.rows_expected, 1) : job.rows_written}
        style={{ width: '100%' }}
      />
      <Text color={done ? 'success' : 'primary'}>{done ? `Done: ${label}` : label}</Text>
    </Stack>
  );
}
