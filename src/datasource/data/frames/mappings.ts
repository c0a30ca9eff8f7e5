import { MappingType, type ValueMapping } from '@grafana/data';
import { LOG_LEVEL, RUN_STATUS, SOURCE_TYPE, type Choice } from '../../../shared/vocabulary';

/** Value → label and colour, in the contract's order (shared/vocabulary.ts). */
function toText(choices: Record<string, Choice>): ValueMapping[] {
  return [
    {
      type: MappingType.ValueToText,
      options: Object.fromEntries(
        Object.entries(choices).map(([value, c], index) => [value, { text: c.label, index, color: c.color }])
      ),
    },
  ];
}

/** Success (green) / Failed (red) / In Progress (blue). */
export const statusMappings = toText(RUN_STATUS);
/** Tool / API. */
export const sourceTypeMappings = toText(SOURCE_TYPE);
/** Stdout, Stderr, Info, … (display only: the raw value stays the log severity). */
export const levelMappings = toText(LOG_LEVEL);
