/** Reads the renderer's own well-formed output in unit tests: the element carrying given data attributes. */
export interface FoundElement {
  readonly attributes: Record<string, string>;
  /** Text content up to the end of the enclosing table cell or paragraph, tags removed, entities kept. */
  readonly text: string;
}

export function findElements(html: string, wanted: Record<string, string>): FoundElement[] {
  const found: FoundElement[] = [];
  for (const match of html.matchAll(/<(\w+)((?:\s+[\w-]+(?:="[^"]*")?)*)\s*>/g)) {
    const attributes = Object.fromEntries([...match[2]!.matchAll(/([\w-]+)(?:="([^"]*)")?/g)].map((a) => [a[1]!, a[2] ?? '']));
    if (!Object.entries(wanted).every(([name, value]) => attributes[name] === value)) continue;
    const rest = html.slice(match.index! + match[0].length);
    const end = rest.search(/<\/(td|p|h1|h2|figcaption)>/);
    found.push({ attributes, text: rest.slice(0, end).replace(/<[^>]+>/g, '') });
  }
  return found;
}

export function findElement(html: string, wanted: Record<string, string>): FoundElement {
  const [first, ...more] = findElements(html, wanted);
  if (!first || more.length) throw new Error(`expected one element with ${JSON.stringify(wanted)}, found ${more.length + (first ? 1 : 0)}`);
  return first;
}
