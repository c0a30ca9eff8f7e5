import { useEffect, useState } from 'react';
import type { ComboboxOption } from '@grafana/ui';
import { getTemplateSrv } from '@grafana/runtime';
import type { RunLensApi } from '../data/api';

/** Known scripts (deployed or not) plus the dashboard's variables, for the script picker. */
export function useScriptOptions(api: RunLensApi): { options: Array<ComboboxOption<string>>; error?: string } {
  const [state, setState] = useState<{ options: Array<ComboboxOption<string>>; error?: string }>({ options: [] });
  useEffect(() => {
    let cancelled = false;
    const variables = getTemplateSrv()
      .getVariables()
      .map((v) => ({ value: `$${v.name}`, label: `$${v.name}`, description: 'Dashboard variable' }));
    api
      .scripts()
      .then((res) => {
        if (!cancelled) {
          const scripts = res.scripts.map((s) => ({
            value: s.script,
            label: s.script,
            description: s.deployed ? `deployed, v${s.current_version}` : 'not deployed',
          }));
          setState({ options: [...variables, ...scripts] });
        }
      })
      .catch((err: Error) => !cancelled && setState({ options: variables, error: err.message }));
    return () => {
      cancelled = true;
    };
  }, [api]);
  return state;
}
