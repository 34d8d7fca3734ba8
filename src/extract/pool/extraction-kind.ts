/** What a worker extracts from a blob: registration facts (`extractBlob`) or start-up facts (`extractStartupFacts`). */
export type ExtractionKind = 'facts' | 'startup';
