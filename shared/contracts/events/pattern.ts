/** Rule patterns derived from catalogue entries, so a subscription can never mistype a name. */
import type { CatalogueEntry } from './catalogue.js';

export interface DerivedPattern {
  readonly source: string[];
  readonly detailType: string[];
}

export function patternFor(...entries: CatalogueEntry[]): DerivedPattern {
  return {
    source: [...new Set(entries.map((e) => e.source))],
    detailType: [...new Set(entries.map((e) => e.detailType))],
  };
}
