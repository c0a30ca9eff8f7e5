import { MappingType, type ValueMapping } from '@grafana/data';
import { LOG_LEVELS, RUN_STATUSES, SOURCE_TYPES } from '../fields';

const STATUS_COLORS: Record<string, string> = { success: 'green', failed: 'red', in_progress: 'blue' };

function toText(options: Array<{ value: string; label: string }>, colors: Record<string, string> = {}): ValueMapping[] {
  return [
    {
      type: MappingType.ValueToText,
      options: Object.fromEntries(
        options.map((o, index) => [
          o.value,
          { text: o.label, index, ...(colors[o.value] ? { color: colors[o.value] } : {}) },
        ])
      ),
    },
  ];
}

/** Success (green) / Failed (red) / In Progress (blue). */
export const statusMappings = toText(RUN_STATUSES, STATUS_COLORS);
/** Tool / API. */
export const sourceTypeMappings = toText(SOURCE_TYPES);
/** Stdout, Stderr, Info, … (display only: the raw value stays the log severity). */
export const levelMappings = toText(LOG_LEVELS);
