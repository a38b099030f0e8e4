/**
 * The claim report as one self-contained HTML page: thumbnails inlined as data URLs so the file
 * can be mailed or saved, and a print stylesheet so a browser prints it as the PDF would. Every
 * text from a claim (names, vendors, reasons, policy quotes) is user input and goes out escaped.
 */
import { createHash } from 'node:crypto';
import type { Thumbnail } from './load.js';
import {
  copyWords,
  flagWords,
  notCountedLines,
  type ReportInvoice,
  type ReportModel,
  type ReportOverride,
  STATUS_WORDS,
} from './model.js';
import { formatMoney } from './money.js';
import type { RenderOptions } from './pdf.js';

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text for HTML content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ESCAPES[char] as string);
}

const STYLE = `
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; color: #111; max-width: 960px; margin: 2em auto; padding: 0 1em; }
h1 { font-size: 1.6em; margin-bottom: .3em; }
h2 { font-size: 1.2em; margin-top: 1.6em; border-bottom: 1px solid #ccc; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .15em 1em; }
dl.facts dt { font-weight: 600; }
dl.facts dd { margin: 0; }
table { border-collapse: collapse; }
th, td { padding: .25em .8em; border-bottom: 1px solid #eee; }
td.amount, th.amount { text-align: right; font-variant-numeric: tabular-nums; }
article.invoice { display: flex; gap: 1em; padding: .8em 0; border-bottom: 1px solid #ddd; }
article.invoice .text { flex: 1; }
article.invoice h3 { margin: 0 0 .2em; font-size: 1.05em; }
.muted { color: #555; }
.status-declined { color: #a00; } .status-partially_reimbursed { color: #a60; } .status-fully_reimbursed { color: #070; }
figure.thumb { margin: 0; width: 120px; flex: none; }
figure.thumb img { width: 120px; border: 1px solid #bbb; }
blockquote { margin: .2em 0 .1em 1em; }
p.effect { margin: 0 0 .3em 2em; }
@page { size: A4; margin: 18mm 15mm; }
@media print {
  body { font-size: 10pt; max-width: none; margin: 0; padding: 0; }
  a { color: inherit; text-decoration: none; }
  article.invoice { break-inside: avoid; page-break-inside: avoid; }
  h2 { break-after: avoid; page-break-after: avoid; }
}
`;

/**
 * The page's Content-Security-Policy: the API's own (nothing loads) plus exactly this stylesheet
 * and inlined images, so a hostile name that got past escaping still could not run or fetch.
 */
export const REPORT_CSP = [
  "default-src 'none'",
  `style-src 'sha256-${createHash('sha256').update(STYLE).digest('base64')}'`,
  'img-src data:',
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const time = (iso: string) => `${iso.slice(0, 16).replace('T', ' ')} UTC`;

function facts(pairs: Array<[string, string] | null>): string {
  const items = pairs
    .filter((pair): pair is [string, string] => pair !== null)
    .map(([term, value]) => `<dt>${escapeHtml(term)}</dt><dd>${escapeHtml(value)}</dd>`);
  return `<dl class="facts">${items.join('')}</dl>`;
}

function overrideText(override: ReportOverride, currency: string, locale?: string): string {
  const amount = (minor: number) => formatMoney(minor, currency, locale);
  const from = override.from
    ? `${STATUS_WORDS[override.from.status]} ${amount(override.from.reimbursable_minor)} → `
    : '';
  return `${override.by}, ${time(override.at)}: ${from}${STATUS_WORDS[override.to.status]} ${amount(override.to.reimbursable_minor)}. Reason: ${override.reason}`;
}

function invoiceHtml(
  invoice: ReportInvoice,
  index: number,
  thumbnail: Thumbnail | undefined,
  locale?: string,
): string {
  const money = (minor: number) => formatMoney(minor, invoice.currency, locale);
  const what = [
    invoice.vendor,
    invoice.invoice_number ? `no. ${invoice.invoice_number}` : null,
    invoice.invoice_date,
    invoice.category,
  ].filter((part): part is string => Boolean(part));
  const rules = invoice.rules
    .map(
      (rule) =>
        `<blockquote>“${escapeHtml(rule.quote)}”${rule.page ? ` <span class="muted">(policy page ${rule.page})</span>` : ''}</blockquote><p class="effect muted">→ ${escapeHtml(rule.effect)}</p>`,
    )
    .join('');
  const copy = copyWords(invoice);
  const lines: Array<[string, string] | null> = [
    [
      'Decision',
      `${STATUS_WORDS[invoice.status]}: ${money(invoice.reimbursable_minor)} reimbursable of ${money(invoice.claimed_minor)} claimed`,
    ],
    invoice.overrides.length > 0
      ? [
          'Engine’s decision',
          `${STATUS_WORDS[invoice.engine.status]}: ${money(invoice.engine.reimbursable_minor)}`,
        ]
      : null,
    invoice.flags.length > 0 ? ['Flags', invoice.flags.map(flagWords).join(', ')] : null,
    invoice.reused ? ['Reused', 'analysed before for this employee'] : null,
    copy ? ['Copy', copy] : null,
    invoice.reason ? ['Reason', invoice.reason] : null,
    ...invoice.overrides.map((override): [string, string] => [
      'Override',
      overrideText(override, invoice.currency, locale),
    ]),
  ];
  const picture =
    thumbnail && 'png' in thumbnail
      ? `<figure class="thumb"><img alt="${escapeHtml(`First page of ${invoice.name}`)}" src="data:image/png;base64,${thumbnail.png.toString('base64')}"></figure>`
      : '';
  const placeholder =
    thumbnail && 'png' in thumbnail
      ? ''
      : `<p class="muted">Original: ${escapeHtml(thumbnail?.missing ?? 'no preview.')}</p>`;
  const cited = rules ? `<p><strong>Policy cited:</strong></p>${rules}` : '';
  return `<article class="invoice status-${invoice.status}"><div class="text"><h3>${index + 1}. ${escapeHtml(invoice.name)}</h3><p class="muted">${escapeHtml(what.join(' · '))}</p>${facts(lines)}${cited}${placeholder}</div>${picture}</article>`;
}

/** The whole report as an HTML document (UTF-8). */
export function renderReportHtml(
  model: ReportModel,
  thumbnails: readonly Thumbnail[],
  options: RenderOptions = {},
): string {
  const { locale } = options;
  const totals = model.totals.flatMap(
    (total): Array<[string, string]> => [
      [`Claimed (${total.currency})`, formatMoney(total.claimed_minor, total.currency, locale)],
      [
        `Reimbursable (${total.currency})`,
        formatMoney(total.reimbursable_minor, total.currency, locale),
      ],
    ],
  );
  totals.push(...notCountedLines(model, (minor, currency) => formatMoney(minor, currency, locale)));
  const categoryRows = model.categories
    .map(
      (line) =>
        `<tr><td>${escapeHtml(line.category)}</td><td class="amount">${line.count}</td><td class="amount">${escapeHtml(formatMoney(line.claimed_minor, line.currency, locale))}</td><td class="amount">${escapeHtml(formatMoney(line.reimbursable_minor, line.currency, locale))}</td></tr>`,
    )
    .join('');
  const failed =
    model.failed.length > 0
      ? `<h2>Documents not analysed</h2>${facts(model.failed.map((f) => [f.name, `${f.code}: ${f.message}`]))}`
      : '';
  const invoices =
    model.invoices.map((invoice, i) => invoiceHtml(invoice, i, thumbnails[i], locale)).join('\n') ||
    '<p>No invoice of this claim was analysed.</p>';
  const title = `Expense claim report: ${model.employee_name}, ${model.claim_date}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>Expense claim report</h1>
${facts([
  ['Employee', model.employee_name],
  ['Claim date', model.claim_date],
  model.period ? ['Invoice dates', `${model.period.from} to ${model.period.to}`] : null,
  ['Submitted', time(model.submitted_at)],
  ['Decided', time(model.finished_at)],
  ['Policy', model.policy.name ?? '(unnamed)'],
  ['Policy version', model.policy.version],
  ['Job', `${model.job_id} (${model.state})`],
  [
    'Documents',
    `${model.counts.documents}: ${model.counts.analysed} analysed, ${model.counts.failed} failed`,
  ],
  model.error ? ['Job error', `${model.error.code}: ${model.error.message}`] : null,
])}
<h2>Totals</h2>
${facts(totals)}
<table><thead><tr><th>Category</th><th class="amount">Invoices</th><th class="amount">Claimed</th><th class="amount">Reimbursable</th></tr></thead><tbody>${categoryRows}</tbody></table>
${failed}
<h2>Invoices (${model.invoices.length})</h2>
${invoices}
<p class="muted">Generated ${escapeHtml(time(model.generated_at))}.</p>
</body>
</html>
`;
}
