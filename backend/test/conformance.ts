import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Express } from 'express';
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { parse as parseYaml } from 'yaml';
import { type Api, INGEST, READ } from './harness';

/**
 * The conformance engine: calls documented operations of backend/openapi.yaml on a running
 * service and checks each answer (status, content type, required headers, body) against the
 * document, and the request of each 2xx answer against the documented parameters and body.
 * It records which statuses each operation produced (`seen`), and lists the routes Express
 * serves (`expressRoutes`), for the coverage checks of openapi.test.ts.
 */

const DOC_ID = 'https://runlens.local/openapi.yaml';
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'] as const;

export type Json = Record<string, any>;
export const doc: Json = parseYaml(readFileSync(join(__dirname, '..', 'openapi.yaml'), 'utf8'));

// Two validators over the same document: responses as they are; request parts (query, path,
// headers) arrive as strings, so that one coerces them to the documented types first.
const newAjv = (coerce: boolean) => {
  const ajv = new Ajv2020({
    allErrors: true,
    strict: true,
    strictTypes: false,
    allowUnionTypes: true,
    coerceTypes: coerce ? 'array' : false,
  });
  (addFormats as unknown as (a: Ajv2020) => void)(ajv);
  // The document's own top-level fields are not JSON Schema keywords: annotations for Ajv.
  ajv.addVocabulary([
    'openapi',
    'jsonSchemaDialect',
    'info',
    'servers',
    'tags',
    'paths',
    'components',
    'webhooks',
    'security',
    'externalDocs',
  ]);
  ajv.addSchema({ ...doc, $id: DOC_ID });
  return ajv;
};
const ajv = newAjv(false);
const coercingAjv = newAjv(true);

export const pointer = (...parts: string[]) =>
  '#/' + parts.map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');
const validators = new Map<string, ValidateFunction>();
/** A validator for the schema at a JSON pointer of the document; its $refs resolve within the document. */
export function validatorAt(ptr: string, coerce = false): ValidateFunction {
  const key = `${coerce}${ptr}`;
  let v = validators.get(key);
  if (!v) {
    v = (coerce ? coercingAjv : ajv).compile({ $ref: DOC_ID + ptr });
    validators.set(key, v);
  }
  return v;
}

/** Follows a local `$ref` (responses, parameters, headers) to the object and its pointer. */
function deref(obj: Json, ptr: string): { obj: Json; ptr: string } {
  while (obj && typeof obj.$ref === 'string') {
    ptr = obj.$ref as string;
    obj = ptr
      .slice(2)
      .split('/')
      .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
      .reduce((o: Json, k) => o?.[k], doc);
    if (!obj) {
      throw new Error(`unresolved $ref ${ptr}`);
    }
  }
  return { obj, ptr };
}

export interface Operation {
  key: string;
  method: string;
  path: string;
  op: Json;
  ptr: string;
}
export const operations: Operation[] = Object.entries(doc.paths as Json).flatMap(([path, item]) =>
  METHODS.filter((m) => (item as Json)[m]).map((method) => ({
    key: `${method.toUpperCase()} ${path}`,
    method,
    path,
    op: (item as Json)[method],
    ptr: pointer('paths', path, method),
  }))
);
export const opByKey = new Map(operations.map((o) => [o.key, o]));

const errorText = (v: ValidateFunction) =>
  (v.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`).join('\n  ');

/** Documented statuses each operation produced (for the coverage checks). */
export const seen = new Map<string, Set<string>>();

export interface CallOpts {
  params?: Record<string, string>;
  query?: Record<string, unknown>;
  body?: unknown;
  raw?: string;
  contentType?: string;
  headers?: Record<string, string>;
  /** A token, or null for none; defaults to the scope the operation documents. */
  token?: string | null;
}

export function defaultToken(op: Json): string | null {
  const schemes = ((op.security ?? doc.security ?? []) as Json[]).flatMap((s) => Object.keys(s));
  if (schemes.includes('ingestToken')) {
    return INGEST;
  }
  if (schemes.includes('readToken')) {
    return READ;
  }
  return null;
}

/** Validates the request parts against the operation's parameters and request body. */
function checkRequest(o: Operation, opts: CallOpts): string[] {
  const problems: string[] = [];
  const params = ((o.op.parameters ?? []) as Json[]).map((p, i) => deref(p, `${o.ptr}/parameters/${i}`));
  // Header names are case-insensitive: compared in lower case.
  const headers = Object.fromEntries(Object.entries(opts.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
  const nameOf = (p: Json) => (p.in === 'header' ? String(p.name).toLowerCase() : String(p.name));
  const partOf = (where: string): Record<string, unknown> | undefined =>
    where === 'path' ? opts.params : where === 'header' ? headers : opts.query;
  for (const [where, values] of [
    ['path', opts.params ?? {}],
    ['query', opts.query ?? {}],
    ['header', headers],
  ] as const) {
    for (const [name, value] of Object.entries(values)) {
      if (value === undefined) {
        continue;
      }
      const found = params.find((p) => p.obj.in === where && nameOf(p.obj) === name);
      if (!found) {
        problems.push(`${where} parameter ${name} is not documented`);
        continue;
      }
      if (found.obj.content) {
        const v = validatorAt(`${found.ptr}/content/application~1json/schema`);
        if (!v(typeof value === 'string' ? JSON.parse(value) : value)) {
          problems.push(`${where} ${name}: ${errorText(v)}`);
        }
      } else {
        const v = validatorAt(`${found.ptr}/schema`, true);
        // As it goes on the wire: strings (the harness repeats the parameter for a list).
        if (!v(Array.isArray(value) ? value.map(String) : String(value))) {
          problems.push(`${where} ${name}=${JSON.stringify(value)}: ${errorText(v)}`);
        }
      }
    }
  }
  for (const p of params) {
    if (p.obj.required && partOf(p.obj.in)?.[nameOf(p.obj)] === undefined) {
      problems.push(`required ${p.obj.in} parameter ${p.obj.name} is missing`);
    }
  }
  const rb = o.op.requestBody ? deref(o.op.requestBody, `${o.ptr}/requestBody`) : undefined;
  const sent = opts.raw !== undefined || opts.body !== undefined;
  if (!rb) {
    if (sent) {
      problems.push('the operation documents no request body');
    }
  } else if (!sent) {
    if (rb.obj.required) {
      problems.push('the request body is required');
    }
  } else {
    const type = opts.raw !== undefined ? (opts.contentType ?? 'application/json') : 'application/json';
    const media = rb.obj.content?.[type];
    if (!media) {
      problems.push(`request content type ${type} is not documented`);
    } else if (type === 'application/x-ndjson') {
      // Each line is one LogInput (the string schema cannot say so).
      const v = validatorAt('#/components/schemas/LogInput');
      opts
        .raw!.split('\n')
        .filter((l) => l.trim())
        .forEach((line, i) => {
          if (!v(JSON.parse(line))) {
            problems.push(`body line ${i + 1}: ${errorText(v)}`);
          }
        });
    } else {
      const v = validatorAt(`${rb.ptr}/content/${type.replace('/', '~1')}/schema`);
      const body = opts.raw !== undefined ? JSON.parse(opts.raw) : opts.body;
      if (!v(body)) {
        problems.push(`body: ${errorText(v)}`);
      }
    }
  }
  return problems;
}

/**
 * Calls a documented operation (`key` like `GET /api/v1/runs/{run_id}`) and checks the answer
 * against the document: the status must be documented for the operation, with its content
 * type, required headers and body schema. A 2xx answer also requires a documented request.
 */
export async function call(target: Api, key: string, opts: CallOpts = {}, expected?: number) {
  const o = opByKey.get(key);
  if (!o) {
    throw new Error(`${key} is not in openapi.yaml`);
  }
  const path = o.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = opts.params?.[name];
    if (value === undefined) {
      throw new Error(`${key}: no value for path parameter ${name}`);
    }
    return encodeURIComponent(value);
  });
  const res = await target.call(o.method.toUpperCase(), path, {
    token: opts.token === undefined ? defaultToken(o.op) : opts.token,
    query: opts.query,
    body: opts.body,
    raw: opts.raw,
    contentType: opts.contentType,
    headers: opts.headers,
  });
  const status = String(res.status);
  const where = `${key} → ${status} ${JSON.stringify(res.body).slice(0, 600)}`;
  if (expected !== undefined && res.status !== expected) {
    throw new Error(`expected ${expected}: ${where}`);
  }
  const documented = o.op.responses?.[status];
  // `default` is deliberately not a fallback: a status the document does not list is drift.
  if (!documented) {
    throw new Error(`status ${status} is not documented: ${where}`);
  }
  const { obj: response, ptr } = deref(documented, `${o.ptr}/responses/${status}`);

  const contentType = (res.headers.get('content-type') ?? '').split(';')[0]!.trim();
  const media = Object.keys(response.content ?? {});
  if (media.length === 0) {
    if (res.body !== '') {
      throw new Error(`no body is documented: ${where}`);
    }
  } else {
    if (!media.includes(contentType)) {
      throw new Error(`content type ${contentType} is not one of ${media.join(', ')}: ${where}`);
    }
    const v = validatorAt(`${ptr}/content/${contentType.replace('/', '~1')}/schema`);
    if (!v(res.body)) {
      throw new Error(`body does not match the schema:\n  ${errorText(v)}\n${where}`);
    }
  }
  for (const [name, header] of Object.entries((response.headers ?? {}) as Json)) {
    const h = deref(header as Json, `${ptr}/headers/${name.replace(/~/g, '~0').replace(/\//g, '~1')}`);
    const value = res.headers.get(name);
    if (value === null) {
      if (h.obj.required) {
        throw new Error(`required header ${name} is missing: ${where}`);
      }
      continue;
    }
    const v = validatorAt(`${h.ptr}/schema`, true);
    if (!v(value)) {
      throw new Error(`header ${name}: ${value}: ${errorText(v)}\n${where}`);
    }
  }
  if (res.status < 300) {
    const problems = checkRequest(o, opts);
    if (problems.length) {
      throw new Error(`the request of a ${status} answer is not as documented:\n  ${problems.join('\n  ')}\n${where}`);
    }
  }
  if (!seen.has(key)) {
    seen.set(key, new Set());
  }
  seen.get(key)!.add(status);
  return res;
}

/** Every route Express serves, as `METHOD /path/{param}`, from the routers' stacks. */
export function expressRoutes(app: Express): string[] {
  const routes: string[] = [];
  const walk = (stack: Json[]) => {
    for (const layer of stack) {
      if (layer.route) {
        const path = layer.route.path;
        if (typeof path !== 'string' || /[*?(){}]/.test(path)) {
          throw new Error(`cannot map route path ${String(path)} to OpenAPI; extend this walker`);
        }
        for (const [method, on] of Object.entries(layer.route.methods as Record<string, boolean>)) {
          if (!on) {
            continue;
          }
          if (method === '_all') {
            throw new Error(`${path} takes every method; document it by hand`);
          }
          routes.push(`${method.toUpperCase()} ${path.replace(/:(\w+)/g, '{$1}')}`);
        }
      } else if (Array.isArray(layer.handle?.stack)) {
        // Routers are mounted at the root; a prefix would have to be added to their paths.
        if (!layer.slash) {
          throw new Error('a router is mounted under a path prefix; extend this walker');
        }
        walk(layer.handle.stack);
      }
    }
  };
  walk((app as unknown as { router: { stack: Json[] } }).router.stack);
  return routes;
}
