const MAX_EXPRESSION_LENGTH = 160;

/** Source text shown to users: whitespace runs collapsed, shortened to about 160 characters. */
export function shortenExpression(text: string): string {
  const collapsed = text.replace(/\s+/g, ' ').trim();
  if (collapsed.length <= MAX_EXPRESSION_LENGTH) return collapsed;
  return `${collapsed.slice(0, MAX_EXPRESSION_LENGTH - 1)}…`;
}
