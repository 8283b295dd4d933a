/**
 * UTM tagging of outgoing links, so web analytics can attribute visits to the network and the
 * campaign (utm_source = network, utm_medium = social, utm_campaign = campaign). Parameters the
 * author already set are kept: a hand-made tag is a decision, not a mistake.
 */
export interface UtmOptions {
  readonly source: string;
  /** @default 'social' */
  readonly medium?: string;
  readonly campaign?: string;
  readonly content?: string;
}

export function tagLink(link: string, options: UtmOptions): string {
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    return link;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return link;
  const tags: [string, string | undefined][] = [
    ['utm_source', options.source],
    ['utm_medium', options.medium ?? 'social'],
    ['utm_campaign', options.campaign],
    ['utm_content', options.content],
  ];
  for (const [name, value] of tags) {
    // Lower-case and without spaces, as the analytics tools group case-sensitively.
    if (value && !url.searchParams.has(name)) url.searchParams.set(name, value.trim().toLowerCase().replace(/\s+/g, '-'));
  }
  return url.toString();
}
