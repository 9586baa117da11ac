import type { PrivacyReport } from './privacy-report.js';
import { reportSections } from './report-tables.js';

const cell = (s: string): string => s.replaceAll('|', '\\|').replaceAll('\n', ' ');

/** The report as Markdown (for a DPIA annex or a wiki). */
export function renderMarkdown(r: PrivacyReport): string {
  const out = [
    `# Privacy report: lab ${r.lab}`,
    '',
    `Municipality: ${r.municipality ?? 'unknown'}. Generated ${r.generatedAt} by the lamppost hub.`,
    '',
  ];
  for (const s of reportSections(r)) {
    out.push(`## ${s.title}`, '');
    for (const p of s.paragraphs) out.push(p, '');
    if (s.table) {
      out.push(`| ${s.table.head.map(cell).join(' | ')} |`);
      out.push(`| ${s.table.head.map(() => '---').join(' | ')} |`);
      for (const row of s.table.rows) out.push(`| ${row.map(cell).join(' | ')} |`);
      out.push('');
    }
  }
  return out.join('\n');
}
