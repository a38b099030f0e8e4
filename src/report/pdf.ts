/**
 * The claim report as a PDF: A4 pages of real text (selectable, searchable, read back by tests)
 * in an embedded font that has every currency sign, each invoice with its thumbnail, and a footer
 * numbering the pages.
 */
import PDFDocument from 'pdfkit';
import { reportFonts } from './fonts.js';
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
import { forPdf, type PdfPicture } from './pdf-images.js';

type Doc = PDFKit.PDFDocument;

const MARGIN = 50;
const THUMB_WIDTH = 100;
const THUMB_HEIGHT = 140;
const GAP = 14;
const MUTED = '#555555';

export interface RenderOptions {
  /** BCP 47 tag amounts are written for; default: each currency's home locale. */
  locale?: string | undefined;
}

function contentWidth(doc: Doc): number {
  return doc.page.width - doc.page.margins.left - doc.page.margins.right;
}

function bottom(doc: Doc): number {
  return doc.page.height - doc.page.margins.bottom;
}

/** Starts a new page unless `height` points fit on this one. */
function keepTogether(doc: Doc, height: number): void {
  if (doc.y + height > bottom(doc)) doc.addPage();
}

function heading(doc: Doc, text: string): void {
  keepTogether(doc, 60);
  doc.moveDown(0.8).font('bold').fontSize(13).fillColor('black').text(text);
  doc.moveDown(0.3).font('body').fontSize(10);
}

function field(doc: Doc, label: string, value: string, width?: number): void {
  doc.font('bold').text(`${label}: `, { continued: true, ...(width ? { width } : {}) });
  doc.font('body').text(value, width ? { width } : {});
}

function table(doc: Doc, columns: number[], rows: string[][]): void {
  const left = doc.page.margins.left;
  rows.forEach((row, index) => {
    keepTogether(doc, 16);
    const y = doc.y;
    doc.font(index === 0 ? 'bold' : 'body');
    let x = left;
    row.forEach((cell, column) => {
      const width = columns[column] ?? 80;
      doc.text(cell, x, y, { width, align: column === 0 ? 'left' : 'right', lineBreak: false });
      x += width;
    });
    doc.x = left;
    doc.y = y + 15;
  });
}

function overrideLine(override: ReportOverride, currency: string, locale?: string): string {
  const amount = (minor: number) => formatMoney(minor, currency, locale);
  const from = override.from
    ? `${STATUS_WORDS[override.from.status]} ${amount(override.from.reimbursable_minor)} → `
    : '';
  const to = `${STATUS_WORDS[override.to.status]} ${amount(override.to.reimbursable_minor)}`;
  return `${override.by}, ${override.at.slice(0, 16).replace('T', ' ')} UTC: ${from}${to}. Reason: ${override.reason}`;
}

function invoiceBlock(
  doc: Doc,
  invoice: ReportInvoice,
  index: number,
  picture: PdfPicture | undefined,
  locale?: string,
): void {
  keepTogether(doc, THUMB_HEIGHT + 20);
  const left = doc.page.margins.left;
  const top = doc.y;
  const width = contentWidth(doc) - THUMB_WIDTH - GAP;
  const money = (minor: number) => formatMoney(minor, invoice.currency, locale);
  let thumbnail = picture;
  if (thumbnail && 'image' in thumbnail) {
    try {
      doc.image(thumbnail.image, left + width + GAP, top, {
        fit: [THUMB_WIDTH, THUMB_HEIGHT],
        align: 'center',
      });
      doc
        .rect(left + width + GAP, top, THUMB_WIDTH, THUMB_HEIGHT)
        .lineWidth(0.5)
        .stroke('#bbbbbb');
    } catch {
      thumbnail = { missing: 'No preview: the thumbnail could not be embedded.' };
    }
  }
  doc.x = left;
  doc.y = top;
  doc
    .font('bold')
    .fontSize(11)
    .fillColor('black')
    .text(`${index + 1}. ${invoice.name}`, { width });
  doc.font('body').fontSize(9.5);
  const what = [
    invoice.vendor,
    invoice.invoice_number ? `no. ${invoice.invoice_number}` : null,
    invoice.invoice_date,
    invoice.category,
  ].filter(Boolean);
  doc.fillColor(MUTED).text(what.join(' · '), { width }).fillColor('black');
  doc.moveDown(0.2);
  field(
    doc,
    'Decision',
    `${STATUS_WORDS[invoice.status]}: ${money(invoice.reimbursable_minor)} reimbursable of ${money(invoice.claimed_minor)} claimed`,
    width,
  );
  if (invoice.overrides.length > 0)
    field(
      doc,
      'Engine’s decision',
      `${STATUS_WORDS[invoice.engine.status]}: ${money(invoice.engine.reimbursable_minor)}`,
      width,
    );
  if (invoice.flags.length > 0) field(doc, 'Flags', invoice.flags.map(flagWords).join(', '), width);
  if (invoice.reused) field(doc, 'Reused', 'analysed before for this employee', width);
  const copy = copyWords(invoice);
  if (copy) field(doc, 'Copy', copy, width);
  if (invoice.reason) field(doc, 'Reason', invoice.reason, width);
  if (invoice.rules.length > 0) {
    doc.font('bold').text('Policy cited:', { width });
    for (const rule of invoice.rules) {
      const page = rule.page ? ` (policy page ${rule.page})` : '';
      doc.font('body').text(`“${rule.quote}”${page}`, { width, indent: 8 });
      doc.fillColor(MUTED).text(`→ ${rule.effect}`, { width, indent: 16 }).fillColor('black');
    }
  }
  for (const override of invoice.overrides)
    field(doc, 'Override', overrideLine(override, invoice.currency, locale), width);
  if (!thumbnail || 'missing' in thumbnail)
    doc
      .fillColor(MUTED)
      .text(`Original: ${thumbnail?.missing ?? 'no preview.'}`, { width })
      .fillColor('black');
  // Below the thumbnail when the text was shorter, unless the text already went to a new page.
  if (thumbnail && 'image' in thumbnail && doc.y >= top && doc.y < top + THUMB_HEIGHT)
    doc.y = top + THUMB_HEIGHT;
  doc.x = left;
  doc.moveDown(0.6);
  doc
    .moveTo(left, doc.y)
    .lineTo(left + contentWidth(doc), doc.y)
    .lineWidth(0.5)
    .stroke('#dddddd');
  doc.moveDown(0.6);
}

function summary(doc: Doc, model: ReportModel, locale?: string): void {
  doc.font('bold').fontSize(18).text('Expense claim report');
  doc.moveDown(0.4).font('body').fontSize(10);
  field(doc, 'Employee', model.employee_name);
  field(doc, 'Claim date', model.claim_date);
  if (model.period) field(doc, 'Invoice dates', `${model.period.from} to ${model.period.to}`);
  field(doc, 'Submitted', `${model.submitted_at.slice(0, 16).replace('T', ' ')} UTC`);
  field(doc, 'Decided', `${model.finished_at.slice(0, 16).replace('T', ' ')} UTC`);
  field(doc, 'Policy', model.policy.name ?? '(unnamed)');
  field(doc, 'Policy version', model.policy.version);
  field(doc, 'Job', `${model.job_id} (${model.state})`);
  field(
    doc,
    'Documents',
    `${model.counts.documents}: ${model.counts.analysed} analysed, ${model.counts.failed} failed`,
  );
  if (model.error) field(doc, 'Job error', `${model.error.code}: ${model.error.message}`);

  heading(doc, 'Totals');
  for (const total of model.totals) {
    const money = (minor: number) => formatMoney(minor, total.currency, locale);
    field(doc, `Claimed (${total.currency})`, money(total.claimed_minor));
    field(doc, `Reimbursable (${total.currency})`, money(total.reimbursable_minor));
  }
  for (const [label, text] of notCountedLines(model, (minor, currency) =>
    formatMoney(minor, currency, locale),
  ))
    field(doc, label, text);
  doc.moveDown(0.5);
  const w = contentWidth(doc);
  table(
    doc,
    [w * 0.34, w * 0.14, w * 0.26, w * 0.26],
    [
      ['Category', 'Invoices', 'Claimed', 'Reimbursable'],
      ...model.categories.map((line) => [
        line.category,
        String(line.count),
        formatMoney(line.claimed_minor, line.currency, locale),
        formatMoney(line.reimbursable_minor, line.currency, locale),
      ]),
    ],
  );

  if (model.failed.length > 0) {
    heading(doc, 'Documents not analysed');
    for (const failed of model.failed) field(doc, failed.name, `${failed.code}: ${failed.message}`);
  }
}

function footers(doc: Doc, model: ReportModel): void {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i += 1) {
    doc.switchToPage(i);
    // The footer sits in the bottom margin: without this pdfkit would start a page for it.
    const margin = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc
      .font('body')
      .fontSize(8)
      .fillColor(MUTED)
      .text(
        `${model.employee_name} · claim ${model.claim_date} · page ${i + 1} of ${range.count}`,
        MARGIN,
        doc.page.height - MARGIN + 15,
        { width: contentWidth(doc), align: 'center', lineBreak: false },
      );
    doc.page.margins.bottom = margin;
  }
}

/** The whole report as PDF bytes. */
export async function renderReportPdf(
  model: ReportModel,
  thumbnails: readonly Thumbnail[],
  options: RenderOptions = {},
): Promise<Buffer> {
  const pictures = await forPdf(thumbnails);
  const fonts = reportFonts();
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    bufferPages: true,
    lang: 'en',
    displayTitle: true,
    info: {
      Title: `Expense claim report: ${model.employee_name}, ${model.claim_date}`,
      Author: 'Invoice Reimbursement API',
      Subject: `Job ${model.job_id}`,
    },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('body', fonts.regular);
  doc.registerFont('bold', fonts.bold);
  doc.font('body');
  summary(doc, model, options.locale);
  heading(doc, `Invoices (${model.invoices.length})`);
  model.invoices.forEach((invoice, index) => {
    invoiceBlock(doc, invoice, index, pictures[index], options.locale);
  });
  if (model.invoices.length === 0) doc.text('No invoice of this claim was analysed.');
  footers(doc, model);
  doc.end();
  return done;
}
