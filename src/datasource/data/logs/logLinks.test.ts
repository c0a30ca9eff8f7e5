import { createDataFrame, FieldType } from '@grafana/data';
import { withLogLinks } from './logLinks';

const logsFrame = () =>
  createDataFrame({
    name: 'logs',
    fields: [
      {
        name: 'run_id',
        type: FieldType.string,
        values: ['r-1'],
        config: { links: [{ title: 'Open record view', url: '?var-run_id=x' }] },
      },
      { name: 'trace_id', type: FieldType.string, values: ['4bf92f3577b34da6a3ce929d0e0e4736'] },
    ],
  });
const ds = { uid: 'runlens', name: 'RunLens' };

test('Run ID keeps the dashboard link and opens the run as a Record query of this data source in Explore', () => {
  const [frame] = withLogLinks([logsFrame()], { datasource: ds });
  const links = frame!.fields[0]!.config.links!;
  expect(links.map((l) => l.title)).toEqual(['Open record view', 'Open run in Explore']);
  expect(links[1]!.internal).toMatchObject({
    datasourceUid: 'runlens',
    query: { queryType: 'record', runId: '${__value.raw}' },
  });
});

test('Trace ID links to the configured tracing data source only', () => {
  expect(withLogLinks([logsFrame()], { datasource: ds })[0]!.fields[1]!.config.links).toBeUndefined();
  const [frame] = withLogLinks([logsFrame()], { datasource: ds, tracing: { uid: 'tempo', name: 'Tempo' } });
  expect(frame!.fields[1]!.config.links).toEqual([
    expect.objectContaining({
      title: 'Open trace',
      internal: expect.objectContaining({
        datasourceUid: 'tempo',
        query: expect.objectContaining({ query: '${__value.raw}' }),
      }),
    }),
  ]);
});
