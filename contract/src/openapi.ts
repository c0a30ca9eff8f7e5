import { z } from 'zod';
import { LOG_FILTER_COLUMNS, OPS_BY_KIND, RUN_FILTER_COLUMNS, type Column } from './columns';
import { errorBody } from './errors';
import { STANDARD_ERRORS, type Answer, type Operation, type StandardStatus } from './operation';
import { OPERATIONS } from './operations';
import { jsonQueryContent } from './selection';

/**
 * Builds the OpenAPI 3.1 document of the API from the contract: zod's own JSON Schema output
 * (`z.toJSONSchema`, draft 2020-12) for every schema, the operations table for paths, scopes
 * and prose. Requests are described as the service accepts them (`io: 'input'`: unknown
 * fields ignored, defaults optional), answers as it sends them (`io: 'output'`: exact).
 */

type Json = Record<string, unknown>;
const SCHEMAS = '#/components/schemas/';
const PROTOBUF = { schema: { type: 'string', format: 'binary' } };

const freeText = (columns: readonly Column[]) =>
  columns
    .filter((c) => 'freeText' in c && c.freeText)
    .map((c) => `\`${c.name}\``)
    .join(', ');
const kindsOf = (columns: readonly Column[], kind: string) =>
  columns
    .filter((c) => c.kind === kind && 'filter' in c && c.filter)
    .map((c) => `\`${c.name}\``)
    .join(', ');

const DESCRIPTION = `Ingest and query API for script runs, their logs and script deployments, stored in
Elasticsearch. Generated from the contract workspace (\`contract/src\`): do not edit by hand,
run \`npm run openapi\`.

**Authentication.** Every \`/api/v1\` route needs \`Authorization: Bearer <token>\`. There are
two separate token sets, configured with \`RUNLENS_INGEST_TOKENS\` and \`RUNLENS_READ_TOKENS\`
(comma-separated, at least 16 characters each, and no token may be in both sets):
writes (deployments, run start/finish, log batches) take an *ingest* token, reads take a
*read* token. A missing or unknown token is \`401\` (with \`WWW-Authenticate: Bearer\`); a
known token of the other scope is \`403\`. \`/healthz\`, \`/readyz\` and \`/metrics\` are open.

**Bodies.** The token is checked before the body is read: without a valid token of the
route's scope the answer is \`401\` or \`403\` whatever the body. With one, malformed JSON is
\`400 invalid_json\` and a body over \`BODY_LIMIT\` (default 10mb) is \`413
payload_too_large\`. \`POST /api/v1/logs\` also takes NDJSON.

**Dates.** Dates are answered in UTC (\`…Z\`), whatever offset they were sent with.

**Errors.** Every error of the \`/api/v1\` routes has the body \`{"error": {"code", "message",
"details": [{"path", "message"}]}}\`. \`details\` names each bad field for \`400
invalid_request\`, with paths like \`body.status\`, \`body[2].level\`, \`body.line[3]\`,
\`params.script\` or \`query.filters[0].op\`; it is empty otherwise. When Elasticsearch is
unreachable or overloaded the answer is \`503 unavailable\` with \`Retry-After: 5\` and nothing
was stored: retry later. A path the API does not serve, or a method a path does not take, is
\`404 not_found\` in the same format; \`OPTIONS\` on a served path is answered by Express
itself: \`200\`, \`text/plain\`, the path's methods in \`Allow\`. \`HEAD\` is answered like \`GET\`,
without a body.

**Selections.** The runs and logs reads share the query parameters \`script\`, \`from\`, \`to\`,
\`filters\`, \`match\` and \`q\`. The default time range is the 7 days before \`to\` (default:
now). \`filters\` is a JSON array of conditions \`{field, op, values}\`, joined with AND
(\`match=all\`, the default) or OR (\`match=any\`). Operators by column kind:
keyword columns take ${OPS_BY_KIND.keyword.map((o) => `\`${o}\``).join(', ')} (\`is\`, \`is_not\`: any number of
values; \`contains\`: one value, case-insensitive substring); number columns take
${OPS_BY_KIND.number.map((o) => `\`${o}\``).join(', ')} (\`gt\`, \`lt\`: one value; \`between\`: two values, inclusive);
text columns (runs: ${kindsOf(RUN_FILTER_COLUMNS, 'text')}; logs: ${kindsOf(LOG_FILTER_COLUMNS, 'text')}) take
${OPS_BY_KIND.text.map((o) => `\`${o}\``).join(', ')} (\`is\`, \`is_not\` exact, \`contains\` words in order). \`is\`/\`is_not\`
on an enumerated column must use its values. \`q\` is free text matched as a substring over
the free-text columns (runs: ${freeText(RUN_FILTER_COLUMNS)}; logs: ${freeText(LOG_FILTER_COLUMNS)}).

**Paging.** Row lists return \`next_cursor\` when the page is full; pass it back as \`cursor\`
with the same selection, \`sort\` and \`order\` to get the next page (a cursor that is not
this list's is a 400 on \`query.cursor\`). \`null\` means the last page.
`;

const RESPONSE_NAMES: Record<StandardStatus, string> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  413: 'PayloadTooLarge',
  503: 'Unavailable',
};

const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Converts zod schemas and collects the named ones (`.meta({id})`) as components. */
class Schemas {
  readonly components: Record<string, Json> = {};

  convert(schema: z.ZodType, io: 'input' | 'output'): Json {
    const json = z.toJSONSchema(schema, {
      target: 'draft-2020-12',
      io,
      unrepresentable: 'any',
      // A coerced number (`z.coerce`) also takes its string form.
      override: ({ zodSchema, jsonSchema }) => {
        const def = (zodSchema as unknown as { _zod: { def: { coerce?: boolean } } })._zod.def;
        if (io === 'input' && def.coerce && typeof jsonSchema.type === 'string') {
          jsonSchema.type = [jsonSchema.type, 'string'];
        }
      },
    }) as Json;
    delete json.$schema;
    const defs = (json.$defs ?? {}) as Record<string, Json>;
    delete json.$defs;
    // A named schema whose request form differs from its answer form (e.g. an object: unknown
    // fields allowed in, not out) gets a second component for the request form.
    const names = new Map<string, string>();
    const rename = (node: unknown): unknown => {
      if (Array.isArray(node)) {
        return node.map(rename);
      }
      if (node && typeof node === 'object') {
        return Object.fromEntries(
          Object.entries(node).map(([k, v]) =>
            k === '$ref' && typeof v === 'string' && v.startsWith('#/$defs/')
              ? [k, SCHEMAS + nameOf(v.slice('#/$defs/'.length))]
              : [k, rename(v)]
          )
        );
      }
      return node;
    };
    const nameOf = (id: string): string => {
      let name = names.get(id);
      if (!name) {
        name = id;
        const def = defs[id]!;
        names.set(id, name);
        const converted = rename(def) as Json;
        if (this.components[name] && !sameJson(this.components[name], converted)) {
          name = io === 'input' ? `${id}Input` : `${id}Output`;
          names.set(id, name);
        }
        this.components[name] = converted;
      }
      return name;
    };
    // The root itself may be named: then it is a component too.
    const rootId = z.globalRegistry.get(schema)?.id;
    if (rootId) {
      if (json.$ref !== `#/$defs/${rootId}`) {
        defs[rootId] = json;
      }
      return { $ref: SCHEMAS + nameOf(rootId) };
    }
    return rename(json) as Json;
  }
}

const unwrap = (s: z.ZodType): z.ZodType =>
  s instanceof z.ZodOptional || s instanceof z.ZodDefault ? unwrap(s.unwrap() as z.ZodType) : s;

function parameters(op: Operation, schemas: Schemas): Json[] {
  const out: Json[] = [];
  const add = (where: 'path' | 'query' | 'header', shape: Record<string, z.ZodType>) => {
    for (const [name, prop] of Object.entries(shape)) {
      const required = where === 'path' || !prop.safeParse(undefined).success;
      const json = jsonQueryContent.get(unwrap(prop));
      const description = z.globalRegistry.get(prop)?.description ?? z.globalRegistry.get(unwrap(prop))?.description;
      const param: Json = { name, in: where, ...(required ? { required: true } : {}) };
      if (description) {
        param.description = description;
      }
      if (json) {
        param.content = { 'application/json': { schema: schemas.convert(json, 'input') } };
      } else {
        const schema = schemas.convert(prop, 'input');
        if (schema.description === description) {
          delete schema.description;
        }
        param.schema = schema;
        if (schema.anyOf && (schema.anyOf as Json[]).some((s) => s.type === 'array')) {
          Object.assign(param, { style: 'form', explode: true });
        }
      }
      out.push(param);
    }
  };
  if (op.params) {
    add('path', op.params.shape as Record<string, z.ZodType>);
  }
  for (const q of op.query ?? []) {
    add('query', q.shape as Record<string, z.ZodType>);
  }
  if (op.headers) {
    add('header', op.headers.shape as Record<string, z.ZodType>);
  }
  return out;
}

function answer(a: Answer, schemas: Schemas): Json {
  const res: Json = { description: a.description };
  if (a.retryAfter) {
    res.headers = { 'Retry-After': { $ref: '#/components/headers/RetryAfter' } };
  }
  if (a.wwwAuthenticate) {
    res.headers = { 'WWW-Authenticate': { $ref: '#/components/headers/WwwAuthenticate' } };
  }
  if (a.body) {
    res.content = { 'application/json': { schema: schemas.convert(a.body, 'output') } };
  }
  if (a.text) {
    res.content = { 'text/plain': { schema: schemas.convert(a.text, 'output') } };
  }
  if (a.stream) {
    res.content = { 'text/event-stream': { schema: schemas.convert(a.stream, 'output') } };
  }
  if (a.protobuf) {
    res.content = { ...(res.content as Json), 'application/x-protobuf': PROTOBUF };
  }
  if (a.csv) {
    res.content = { 'text/csv': { schema: schemas.convert(a.csv, 'output') } };
  }
  for (const [name, schema] of Object.entries(a.headers ?? {})) {
    res.headers = {
      ...(res.headers as Json | undefined),
      [name]: { required: true, schema: schemas.convert(schema, 'output') },
    };
  }
  return res;
}

function operation(op: Operation, schemas: Schemas): Json {
  const out: Json = {
    operationId: op.operationId,
    tags: [op.tag],
    summary: op.summary,
    ...(op.description ? { description: op.description } : {}),
    security: op.scope ? [{ [`${op.scope}Token`]: [] }] : [],
  };
  const params = parameters(op, schemas);
  if (params.length) {
    out.parameters = params;
  }
  if (op.body) {
    const content: Json = { 'application/json': { schema: schemas.convert(op.body.json, 'input') } };
    if (op.body.ndjson) {
      content['application/x-ndjson'] = { schema: schemas.convert(op.body.ndjson, 'input') };
    }
    if (op.body.protobuf) {
      content['application/x-protobuf'] = PROTOBUF;
    }
    out.requestBody = { required: op.body.required, content };
  }
  const responses: Json = {};
  for (const [status, a] of Object.entries(op.answers)) {
    responses[status] =
      typeof a === 'number' ? { $ref: `#/components/responses/${RESPONSE_NAMES[a]}` } : answer(a, schemas);
  }
  if (op.scope) {
    responses.default = { $ref: '#/components/responses/InternalError' };
  }
  out.responses = responses;
  return out;
}

export function openApiDocument(version: string): Json {
  const schemas = new Schemas();
  const paths: Record<string, Json> = {};
  for (const op of OPERATIONS) {
    paths[op.path] = { ...paths[op.path], [op.method]: operation(op, schemas) };
  }
  const responses: Record<string, Json> = Object.fromEntries(
    (Object.keys(RESPONSE_NAMES).map(Number) as StandardStatus[]).map((status) => [
      RESPONSE_NAMES[status],
      answer(STANDARD_ERRORS[status], schemas),
    ])
  );
  (responses.Unauthorized!.headers as Json | undefined) ??= {};
  responses.Unauthorized!.headers = { 'WWW-Authenticate': { $ref: '#/components/headers/WwwAuthenticate' } };
  responses.InternalError = answer(
    { description: 'Unexpected failure (`internal`, status 500); never a stack trace', body: errorBody },
    schemas
  );
  return {
    openapi: '3.1.0',
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    info: { title: 'RunLens backend API', version, description: DESCRIPTION, license: { name: 'See LICENSE' } },
    servers: [{ url: 'http://127.0.0.1:8080', description: 'Default local address (PORT, HOST)' }],
    tags: [
      { name: 'service', description: 'Health, readiness and Prometheus metrics (no token)' },
      { name: 'scripts', description: 'Scripts and their deployments' },
      { name: 'runs', description: 'Run lifecycle (ingest) and run reads' },
      { name: 'logs', description: 'Log batches (ingest) and log reads' },
      { name: 'exports', description: 'CSV export jobs of runs and logs, per Grafana user' },
    ],
    paths,
    components: {
      securitySchemes: {
        ingestToken: {
          type: 'http',
          scheme: 'bearer',
          description:
            'An ingest token (one of `RUNLENS_INGEST_TOKENS`): deployments, run start/finish and log batches. A read token here is 403.',
        },
        readToken: {
          type: 'http',
          scheme: 'bearer',
          description:
            'A read token (one of `RUNLENS_READ_TOKENS`): every GET under `/api/v1` and the export routes. An ingest token here is 403.',
        },
      },
      headers: {
        RetryAfter: {
          description: 'Seconds to wait before retrying',
          required: true,
          schema: { type: 'integer', minimum: 1 },
        },
        WwwAuthenticate: { required: true, schema: { type: 'string', const: 'Bearer' } },
      },
      responses,
      schemas: Object.fromEntries(Object.entries(schemas.components).sort(([a], [b]) => a.localeCompare(b))),
    },
  };
}
