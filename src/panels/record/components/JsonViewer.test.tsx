import React from 'react';
import { render, screen } from '@testing-library/react';
import { JsonViewer } from './JsonViewer';

describe('JsonViewer', () => {
  it('shows a plain value as it is, without tree controls', () => {
    render(<JsonViewer title="Output" value="done" />);
    expect(screen.getByText('"done"')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Expand all/ })).not.toBeInTheDocument();
  });

  it('says when nothing was recorded and has nothing to copy', () => {
    render(<JsonViewer title="Input" value={undefined} />);
    expect(screen.getByText('No input recorded')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: /Copy input/ })).toBeDisabled();
  });
});
