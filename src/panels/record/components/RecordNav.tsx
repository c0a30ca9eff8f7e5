import React from 'react';
import { Button, Stack } from '@grafana/ui';

interface Props {
  onPrev?: () => void;
  onNext?: () => void;
}

/** Previous (K) / Next (J) run of the current list. */
export function RecordNav({ onPrev, onNext }: Props) {
  return (
    <Stack gap={0.5}>
      <Button
        size="sm"
        variant="secondary"
        icon="arrow-left"
        disabled={!onPrev}
        onClick={onPrev}
        tooltip="Previous run (K)"
      >
        Previous
      </Button>
      <Button
        size="sm"
        variant="secondary"
        icon="arrow-right"
        disabled={!onNext}
        onClick={onNext}
        tooltip="Next run (J)"
      >
        Next
      </Button>
    </Stack>
  );
}
