import type { ScopedVars, TypedVariableModel } from '@grafana/data';
import type { TemplateSrv } from '@grafana/runtime';

/**
 * A TemplateSrv over fixed variables, doing what Grafana's does for `$x` / `${x}`: a multi-value
 * variable goes through the format (function) as an array; unknown variables are left as they are.
 */
export function fakeTemplateSrv(vars: Record<string, string | string[]>, allSelected: string[] = []): TemplateSrv {
  return {
    // Like Grafana's: a variable set to "All" has the current value $__all (replace gives every option).
    getVariables: () =>
      Object.keys(vars).map(
        (name) =>
          ({
            name,
            type: 'custom',
            current: { value: allSelected.includes(name) ? ['$__all'] : vars[name] },
          }) as unknown as TypedVariableModel
      ),
    replace: (target?: string, scopedVars?: ScopedVars, format?: string | Function) =>
      (target ?? '').replace(/\$(\w+)|\$\{(\w+)\}/g, (whole, a, b) => {
        const name = a ?? b;
        const scoped = scopedVars?.[name]?.value;
        const value = scoped !== undefined ? (scoped as string | string[]) : vars[name];
        if (value === undefined) {
          return whole;
        }
        if (typeof format === 'function') {
          return format(value);
        }
        return Array.isArray(value) ? `{${value.join(',')}}` : value;
      }),
    containsTemplate: (t?: string) => /\$/.test(t ?? ''),
    updateTimeRange: () => {},
  };
}
