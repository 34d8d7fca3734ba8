/** A line of the `explain` text: a label in its column, then the value. The `--prometheus` rows use it too. */
const LABEL_WIDTH = 15;
// A label as long as the column (`deployed v1.0.0`) still gets two spaces before its value.
export const explainRow = (label: string, value: string): string => `  ${label.padEnd(Math.max(LABEL_WIDTH, label.length + 2))}${value}\n`;
