// The Export CSV modal alone in a page, talking to a real RunLens backend through a stand-in of
// Grafana's data proxy (check.ts serves both), for the Chromium check and the README screenshot.
import React from 'react';
import { createRoot } from 'react-dom/client';
import { createTheme } from '@grafana/data';
import { type BackendSrv, type BackendSrvRequest, setBackendSrv } from '@grafana/runtime';
import { GlobalStyles, Modal, ThemeContext } from '@grafana/ui';
import { from } from 'rxjs';
import { ExportModal } from '../../src/components/ExportModal/ExportModal';
import type { ExportTarget } from '../../src/shared/exportTarget';

// backendSrv.fetch as Grafana's does it: JSON in and out, an error carries status and data.
setBackendSrv({
  fetch: (req: BackendSrvRequest) =>
    from(
      (async () => {
        const res = await fetch(req.url, {
          method: req.method ?? 'GET',
          headers: req.data === undefined ? {} : { 'content-type': 'application/json' },
          body: req.data === undefined ? undefined : JSON.stringify(req.data),
        });
        const data = await res.json();
        if (!res.ok) {
          throw { status: res.status, statusText: res.statusText, data };
        }
        return { status: res.status, ok: true, data } as never;
      })()
    ),
} as unknown as BackendSrv);

const theme = createTheme({ colors: { mode: 'dark' } });
document.body.style.background = theme.colors.background.canvas;
document.body.style.margin = '0';

const target = JSON.parse(new URLSearchParams(location.search).get('target')!) as ExportTarget;
createRoot(document.getElementById('root')!).render(
  <ThemeContext.Provider value={theme}>
    <GlobalStyles />
    <Modal title="Export CSV: Runs" isOpen onDismiss={() => undefined}>
      <ExportModal target={target} pollMs={500} />
    </Modal>
  </ThemeContext.Provider>
);
