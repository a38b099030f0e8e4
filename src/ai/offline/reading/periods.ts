/**
 * The billing period of a bill: two dates on the row of a period label ("Billing period
 * 01/10/2026 – 31/10/2026", "Période du … au …", "請求期間"), or the month it names
 * ("Billing period: October 2026", "2026年10月分"). A month is read as its first and last day.
 */
import type { BillingPeriod, Fact } from '../../../domain/facts.js';
import { MONTH_BY_NAME } from './dates.js';
import type { PreparedDocument } from './document.js';
import { fold } from './normalize.js';

const absent = <T>(): Fact<T> => ({ value: null, confidence: 0, page: null });

const PERIOD_LABEL =
  /(?:^|\s)(?:billing period|bill period|service period|statement period|period|periode de facturation|periode de consommation|periode|abrechnungszeitraum|leistungszeitraum|rechnungszeitraum|zeitraum|periodo de facturacion|periodo)(?=\s|$)|請求期間|利用期間|対象期間|利用月/;
/** "2026年10月分": the month a Japanese bill is for. */
const JA_MONTH = /(\d{4})年\s*(\d{1,2})月(?:分|ご利用)/;

function monthPeriod(year: number, month: number): BillingPeriod | null {
  if (month < 1 || month > 12 || year < 1990 || year > 2100) return null;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const mm = String(month).padStart(2, '0');
  return { start: `${year}-${mm}-01`, end: `${year}-${mm}-${String(last).padStart(2, '0')}` };
}

/** "october 2026", "10/2026", "2026-10", "2026年10月" in folded text. */
function namedMonth(folded: string): BillingPeriod | null {
  for (const match of folded.matchAll(/([a-z]+) (\d{4})\b/g)) {
    const month = MONTH_BY_NAME.get(match[1] as string);
    if (month) return monthPeriod(Number(match[2]), month);
  }
  const numeric = /\b(\d{1,2}) (\d{4})\b|\b(\d{4}) (\d{1,2})\b/.exec(folded);
  if (numeric)
    return numeric[1]
      ? monthPeriod(Number(numeric[2]), Number(numeric[1]))
      : monthPeriod(Number(numeric[3]), Number(numeric[4]));
  const ja = /(\d{4})年\s*(\d{1,2})月/.exec(folded);
  return ja ? monthPeriod(Number(ja[1]), Number(ja[2])) : null;
}

export function readBillingPeriod(doc: PreparedDocument): Fact<BillingPeriod> {
  for (const [index, row] of doc.rows.entries()) {
    const folded = fold(row.text).text;
    const label = PERIOD_LABEL.exec(folded);
    if (!label) continue;
    // The dates on the label's row, else on the row right under it.
    for (const at of [index, index + 1]) {
      const dates = (doc.dates[at] ?? []).map((hit) => hit.iso);
      const [start, end] = dates;
      if (start && end && start <= end)
        return { value: { start, end }, confidence: 0.85, page: row.page };
    }
    const after = folded.slice(label.index + label[0].length);
    const month = namedMonth(after);
    if (month) return { value: month, confidence: 0.75, page: row.page };
  }
  for (const row of doc.rows) {
    const ja = JA_MONTH.exec(row.text.normalize('NFKC'));
    const month = ja && monthPeriod(Number(ja[1]), Number(ja[2]));
    if (month) return { value: month, confidence: 0.7, page: row.page };
  }
  return absent();
}
