/**
 * A brand report as a document: each section builder reads the report data and returns a section
 * (or nothing when it has nothing to show). Later pillars add their builders to `SECTIONS`.
 */
import type { ReportDocument, ReportSection } from './document.js';
import { parseReportDocument } from './document.js';
import type { ReportData } from './report-data.js';
import { summarySection } from './sections/summary.js';
import { performanceSection } from './sections/performance.js';
import { channelsSection } from './sections/channels.js';
import { topPostsSection } from './sections/top-posts.js';
import { audienceSection } from './sections/audience.js';
import { bestTimesSection } from './sections/best-times.js';
import { contentSection } from './sections/content.js';

export type SectionBuilder<D = ReportData> = (data: D) => ReportSection | undefined;

const period = (p: ReportData['period']) => ({ from: p.from.toISOString(), to: p.to.toISOString(), timezone: p.timezone });

/** In reading order: the headline, then how it came about, then what to do next. */
const SECTIONS: readonly SectionBuilder[] = [
  (data) => summarySection(data, period(data.period)),
  performanceSection,
  channelsSection,
  topPostsSection,
  contentSection,
  audienceSection,
  bestTimesSection,
];

export function buildReportDocument(data: ReportData, brandName: string, extra: readonly (ReportSection | undefined)[] = []): ReportDocument {
  const sections = [...SECTIONS.map((build) => build(data)), ...extra].filter((s): s is ReportSection => s !== undefined);
  return parseReportDocument({
    brand: brandName,
    title: 'Social media report',
    period: period(data.period),
    previousPeriod: period(data.previous),
    generatedAt: data.generatedAt.toISOString(),
    sections,
  });
}
