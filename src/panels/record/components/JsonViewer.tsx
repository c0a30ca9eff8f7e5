import React, { useState } from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Button, ClipboardButton, JSONFormatter, Stack, useStyles2 } from '@grafana/ui';

interface Props {
  title: string;
  value: unknown;
}

const EXPANDED = 100;
const DEFAULT_DEPTH = 2;

/** A JSON value, collapsible (expand all / collapse all), with a copy button for the whole document. */
export function JsonViewer({ title, value }: Props) {
  const s = useStyles2(getStyles);
  const [depth, setDepth] = useState(DEFAULT_DEPTH);
  const text = value === undefined ? '' : JSON.stringify(value, null, 2);
  const isTree = value !== null && typeof value === 'object';

  return (
    <section className={s.box} aria-label={title}>
      <Stack justifyContent="space-between" alignItems="center">
        <h6 className={s.title}>{title}</h6>
        <Stack gap={0.5}>
          {isTree && (
            <>
              <Button
                size="sm"
                variant="secondary"
                fill="text"
                icon="angle-double-down"
                onClick={() => setDepth(EXPANDED)}
              >
                Expand all
              </Button>
              <Button size="sm" variant="secondary" fill="text" icon="angle-double-up" onClick={() => setDepth(0)}>
                Collapse all
              </Button>
            </>
          )}
          <ClipboardButton
            size="sm"
            variant="secondary"
            fill="text"
            icon="copy"
            getText={() => text}
            disabled={value === undefined}
          >
            Copy {title.toLowerCase()}
          </ClipboardButton>
        </Stack>
      </Stack>
      <div className={s.body}>
        {value === undefined ? (
          <span className={s.empty}>No {title.toLowerCase()} recorded</span>
        ) : isTree ? (
          <JSONFormatter key={depth} json={value as object} open={depth} />
        ) : (
          <pre className={s.pre}>{text}</pre>
        )}
      </div>
    </section>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  box: css({
    border: `1px solid ${theme.colors.border.weak}`,
    borderRadius: theme.shape.radius.default,
    padding: theme.spacing(1),
    minWidth: 0,
  }),
  title: css({ margin: 0 }),
  body: css({ maxHeight: 320, overflow: 'auto', fontFamily: theme.typography.fontFamilyMonospace }),
  pre: css({ margin: 0, whiteSpace: 'pre-wrap' }),
  empty: css({ color: theme.colors.text.secondary }),
});
