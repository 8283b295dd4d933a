import { describe, expect, it } from 'vitest';
import { renderReportCsvs, toCsv } from '../../../shared/analytics/reports/render-csv.js';
import { HOSTILE_TEXT, sampleReport } from './sample-document.js';

describe('renderReportCsvs', () => {
  const csvs = renderReportCsvs(sampleReport());
  const byName = (name: string) => csvs.find((c) => c.name === name)!.content;

  it('writes one CSV per chart and table, named by csvName, in document order', () => {
    expect(csvs.map((c) => c.name)).toEqual(['impressions-per-day.csv', 'engagements-by-network.csv', 'best-times.csv', 'top-posts.csv']);
  });

  it('has a header row, raw numbers, empty cells for missing values and CRLF line ends', () => {
    expect(byName('impressions-per-day.csv').split('\r\n').slice(0, 4)).toEqual(['day,mastodon,x', 'Mon,1200,800', 'Tue,1350,', 'Wed,,760']);
    expect(byName('engagements-by-network.csv')).toBe('network,engagements\r\nmastodon,310\r\nx,205\r\nlinkedin,\r\n');
  });

  it('quotes text with commas, quotes and line breaks, doubling the quotes (RFC 4180)', () => {
    const quoted = `"${HOSTILE_TEXT.replace(/"/g, '""')}"`;
    expect(byName('top-posts.csv')).toBe(
      'network,text,link,impressions,engagement-rate\r\n'
      + `mastodon,${quoted},https://sandbox.example/@demo/1?a=1&b=2,2400,6.5\r\n`
      + 'x,Plain post,javascript:alert(1),,3.25\r\n',
    );
  });
});

describe('toCsv', () => {
  it('defuses text a spreadsheet would run as a formula, but not negative numbers', () => {
    expect(toCsv(['text', 'n'], [['=HYPERLINK("http://evil")', -3], ['@SUM(A1)', 0], ['+1', null]]))
      .toBe('text,n\r\n"\'=HYPERLINK(""http://evil"")",-3\r\n\'@SUM(A1),0\r\n\'+1,\r\n');
  });
});
