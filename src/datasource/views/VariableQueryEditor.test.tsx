import React from 'react';
import { fireEvent, render, screen } from '@testing-library/react';
import { VariableQueryEditor } from './VariableQueryEditor';

describe('VariableQueryEditor', () => {
  it('emits the query model {kind, scripts}', () => {
    const onChange = jest.fn();
    render(<VariableQueryEditor query={{ kind: 'scripts' }} onChange={onChange} />);
    expect(screen.queryByRole('textbox', { name: 'Of scripts' })).not.toBeInTheDocument();
    fireEvent.click(screen.getByRole('radio', { name: 'Functions' }));
    expect(onChange).toHaveBeenCalledWith(expect.objectContaining({ kind: 'functions', scripts: [] }));
  });

  it('narrows functions, sources and versions to scripts, $script included', () => {
    const onChange = jest.fn();
    render(<VariableQueryEditor query={{ kind: 'versions', scripts: [] }} onChange={onChange} />);
    const input = screen.getByRole('textbox', { name: 'Of scripts' });
    fireEvent.change(input, { target: { value: '$script, billing' } });
    fireEvent.blur(input);
    expect(onChange).toHaveBeenCalledWith(
      expect.objectContaining({ kind: 'versions', scripts: ['$script', 'billing'] })
    );
  });

  it('reads a hand-typed kind', () => {
    render(<VariableQueryEditor query="sources" onChange={jest.fn()} />);
    expect(screen.getByRole('radio', { name: 'Sources' })).toBeChecked();
  });
});
