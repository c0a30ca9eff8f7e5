import React from 'react';
import { Badge, type BadgeColor } from '@grafana/ui';
import { runStatus } from '../../../shared/vocabulary';

const BADGE_COLORS: readonly string[] = ['blue', 'red', 'green', 'orange', 'purple', 'darkgrey', 'brand'];

/** The status's label and colour (shared/vocabulary.ts): Success green, Failed red, In Progress blue. */
export function StatusBadge({ status }: { status: string }) {
  const s = runStatus(status);
  const color = (BADGE_COLORS.includes(s.color) ? s.color : 'darkgrey') as BadgeColor;
  return <Badge text={s.label} color={color} data-testid="runlens-status" />;
}
