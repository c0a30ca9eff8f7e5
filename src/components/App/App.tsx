import React from 'react';
import { Route, Routes } from 'react-router-dom';
import type { AppRootProps } from '@grafana/data';
import { ScriptsPage } from '../ScriptsPage/ScriptsPage';

function App(_props: AppRootProps) {
  return (
    <Routes>
      <Route path="*" element={<ScriptsPage />} />
    </Routes>
  );
}

export default App;
