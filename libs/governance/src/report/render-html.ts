import type { PrivacyReport } from './privacy-report.js';
import { reportSections } from './report-tables.js';

const esc = (s: string): string =>
  s
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;');

const STYLE = `
body { font: 14px/1.45 system-ui, sans-serif; color: #1a1a1a; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.6rem; border-bottom: 3px solid #154273; padding-bottom: .3rem; color: #154273; }
h2 { font-size: 1.15rem; margin-top: 1.8rem; color: #154273; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; font-size: 12.5px; }
th, td { border: 1px solid #b8c4d0; padding: .3rem .45rem; text-align: left; vertical-align: top; }
th { background: #e6eef6; }
tr:nth-child(even) td { background: #f7f9fb; }
.meta { color: #555; }
@media print {
  body { margin: 0; max-width: none; font-size: 11pt; }
  h2 { break-after: avoid; }
  table, tr { break-inside: avoid; }
  th { background: #e6eef6 !important; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}`;

/** The report as one self-contained HTML page, readable on screen and printable. */
export function renderHtml(r: PrivacyReport): string {
  const body = reportSections(r)
    .map((s) => {
      const paragraphs = s.paragraphs.map((p) => `<p>${esc(p)}</p>`).join('\n');
      const table = s.table
        ? `<table><thead><tr>${s.table.head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${s.table.rows
            .map((row) => `<tr>${row.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`)
            .join('\n')}</tbody></table>`
        : '';
      return `<section><h2>${esc(s.title)}</h2>\n${paragraphs}\n${table}</section>`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Privacy report: lab ${esc(r.lab)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><style>${STYLE}</style></head>
<body><h1>Privacy report: lab ${esc(r.lab)}</h1>
<p class="meta">Municipality: ${esc(r.municipality ?? 'unknown')}. Generated ${esc(r.generatedAt)} by the lamppost hub.</p>
${body}
</body></html>
`;
}
