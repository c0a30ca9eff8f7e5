import React from 'react';
import { Badge, type BadgeColor } from '@grafana/ui';

const STATUS: Record<string, { text: string; color: BadgeColor }> = {
  success: { text: 'Success', color: 'green' },
  failed: { text: 'Failed', color: 'red' },
  in_progress: { text: 'In Progress', color: 'blue' },
};

/** Success green, Failed red, In Progress neutral blue. */
export function StatusBadge({ status }: { status: string }) {
  const s = STATUS[status] ?? { text: status || 'Unknown', color: 'darkgrey' as BadgeColor };
  return <Badge text={s.text} color={s.color} data-testid="runlens-status" />;
}
