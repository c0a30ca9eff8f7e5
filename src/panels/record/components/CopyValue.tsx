import React from 'react';
import { ClipboardButton, Stack } from '@grafana/ui';

interface Props {
  value: string;
  /** What is copied, for the button's accessible name ("Copy Run ID"). */
  label: string;
}

/** A monospace value with a copy button next to it. */
export function CopyValue({ value, label }: Props) {
  return (
    <Stack gap={0.5} alignItems="center">
      <code>{value}</code>
      <ClipboardButton
        icon="copy"
        variant="secondary"
        fill="text"
        size="sm"
        aria-label={`Copy ${label}`}
        tooltip={`Copy ${label}`}
        getText={() => value}
      />
    </Stack>
  );
}
