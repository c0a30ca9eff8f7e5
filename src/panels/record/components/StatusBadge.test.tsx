import React from 'react';
import { render, screen } from '@testing-library/react';
import { StatusBadge } from './StatusBadge';

describe('StatusBadge', () => {
  it.each([
    ['success', 'Success'],
    ['failed', 'Failed'],
    ['in_progress', 'In Progress'],
  ])('shows %s as %s', (status, text) => {
    render(<StatusBadge status={status} />);
    expect(screen.getByText(text)).toBeInTheDocument();
  });

  it('colours success, failure and in progress differently', () => {
    const { rerender } = render(<StatusBadge status="success" />);
    const success = getComputedStyle(screen.getByTestId('runlens-status')).color;
    rerender(<StatusBadge status="failed" />);
    const failed = getComputedStyle(screen.getByTestId('runlens-status')).color;
    rerender(<StatusBadge status="in_progress" />);
    const running = getComputedStyle(screen.getByTestId('runlens-status')).color;
    expect(new Set([success, failed, running]).size).toBe(3);
  });
});
