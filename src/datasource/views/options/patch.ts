import type { OptionsEditorProps, TypedQuery } from '../../data/queryTypes/definition';

/** A change to some fields of the query; `commit` runs it at once (switches, pickers). */
export function patcher<Q extends TypedQuery>({ query, onChange, onCommit }: OptionsEditorProps<Q>) {
  return (patch: Partial<Q>, commit = false) => {
    onChange({ ...query, ...patch });
    if (commit) {
      onCommit();
    }
  };
}

export const intOrUndefined = (s: string) =>
  s.trim() === '' ? undefined : Math.max(1, Math.floor(Number(s))) || undefined;
