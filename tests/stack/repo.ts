/** Reads the repo's stack files the way the tests need them. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';

export const ROOT = resolve(__dirname, '../..');
export const path = (...parts: string[]) => join(ROOT, ...parts);
export const read = (...parts: string[]) => readFileSync(path(...parts), 'utf8');

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export function yamlFile(...parts: string[]): Json {
  return parseYaml(read(...parts), { strict: true, uniqueKeys: true });
}

/** Every file of a provisioning folder (Grafana reads *.yaml, *.yml and *.json there). */
export function provisioningFiles(kind: string): string[] {
  const dir = path('provisioning', kind);
  return existsSync(dir) ? readdirSync(dir).filter((f) => /\.(ya?ml|json)$/.test(f)).map((f) => join('provisioning', kind, f)) : [];
}

export function dashboards(): Array<{ file: string; json: Json }> {
  return readdirSync(path('dashboards'))
    .filter((f) => f.endsWith('.json'))
    .map((f) => ({ file: f, json: JSON.parse(read('dashboards', f)) }));
}

export interface ProvisionedDatasource {
  name: string;
  uid: string;
  type: string;
  access?: string;
  url?: string;
  jsonData?: Record<string, unknown>;
  secureJsonData?: Record<string, unknown>;
}

export function provisionedDatasources(): ProvisionedDatasource[] {
  return provisioningFiles('datasources').flatMap((f) => (yamlFile(f).datasources ?? []) as ProvisionedDatasource[]);
}

/** The string literals of a TypeScript union type alias, e.g. `export type QueryType = 'a' | 'b';`. */
export function unionLiterals(source: string, typeName: string): string[] {
  const m = new RegExp(`export type ${typeName} =([^;]+);`).exec(source);
  if (!m) throw new Error(`type ${typeName} not found`);
  return [...m[1]!.matchAll(/'([^']+)'/g)].map((x) => x[1]!);
}

/** Variable kinds of the RunLens data source, from the plugin's own types. */
export const pluginTypes = () => read('src', 'datasource', 'types.ts');

/** A file of the plugin's query-type registry (src/datasource/data/queryTypes/). */
export const pluginQueryTypeFile = (file: string) => read('src', 'datasource', 'data', 'queryTypes', file);

/**
 * The query types of the RunLens data source: the discriminants (`queryType: 'x';`) of the queries
 * declared by the files of its query-type registry.
 */
export function pluginQueryTypes(): string[] {
  const dir = path('src', 'datasource', 'data', 'queryTypes');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
    .flatMap((f) => [...pluginQueryTypeFile(f).matchAll(/^  queryType: '([A-Za-z]+)';$/gm)].map((m) => m[1]!));
}

export const pluginJson = (...parts: string[]): Json => JSON.parse(read('src', ...parts));

/** Grafana's $VAR / ${VAR} expansion in provisioning files ($$ escapes a dollar). */
export function envRefs(text: string): string[] {
  const refs = new Set<string>();
  for (const m of text.matchAll(/\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g)) {
    const name = m[1] ?? m[2];
    if (name) refs.add(name);
  }
  return [...refs];
}

/** Walks every panel, including panels nested in rows. */
export function allPanels(dashboard: Json): Json[] {
  const out: Json[] = [];
  const walk = (panels: Json[] | undefined) => {
    for (const p of panels ?? []) {
      out.push(p);
      walk(p.panels);
    }
  };
  walk(dashboard.panels);
  return out;
}

/** Names of dashboard variables a text refers to: $var, ${var}, ${var:format}, [[var]]. */
export function variableRefs(text: string): string[] {
  const refs = new Set<string>();
  for (const m of text.matchAll(/\$\{([A-Za-z0-9_]+)(?::[^}]*)?\}|\$([A-Za-z0-9_]+)|\[\[([A-Za-z0-9_]+)(?::[^\]]*)?\]\]/g)) {
    refs.add((m[1] ?? m[2] ?? m[3])!);
  }
  return [...refs];
}
