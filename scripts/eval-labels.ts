/**
 * labels.csv of an evaluation claim, in either layout: the IAI columns (`total_inr`,
 * `expected_reimbursable_inr`) or the generic ones (`total`, `currency`, `expected_reimbursable`,
 * `group`). Scoring follows the datasets' READMEs: a row is right when its status, its amount and
 * its expected flags are; members of a shared-cap group (status `any`) are judged by the sum of
 * the group (`group_sum=N` in their notes), since which member is cut depends on allocation order.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { minorDigits } from '../src/domain/money.js';

export interface EvalLabel {
  file: string;
  /** ISO date of the document; empty when it has none. */
  invoice_date: string;
  currency: string;
  /** fully_reimbursed | partially_reimbursed | declined | failed | any (a group member). */
  expected_status: string;
  /** Null for group members: only their group's sum is determinate. */
  expected_minor: number | null;
  group: string | null;
  /** The reimbursable total of the whole group, for its members. */
  group_sum_minor: number | null;
  expected_flags: string[];
}

/** A document's result as the job reports it. */
export interface EvalResult {
  name: string;
  outcome: 'analysed' | 'failed';
  status: string | null;
  reimbursable_minor: number | null;
  flags: string[];
  error_code: string | null;
}

export interface RowScore {
  label: EvalLabel;
  got: EvalResult | null;
  status_ok: boolean;
  amount_ok: boolean;
  flags_ok: boolean;
  missing_flags: string[];
}

/** RFC 4180 rows: quoted cells may hold commas, quotes ("") and line breaks. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i] as string;
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      row.push(cell);
      cell = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += char;
  }
  if (cell !== '' || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  return rows.filter((cells) => cells.some((c) => c.trim() !== ''));
}

/** "1260.00" in EUR → 126000; "36900" in JPY → 36900 (exact, no floating point). */
export function minorFromDecimal(text: string, currency: string): number {
  const digits = minorDigits(currency);
  const trimmed = text.trim();
  const negative = trimmed.startsWith('-');
  const [units = '0', fraction = ''] = trimmed.replace(/^-/, '').split('.');
  const minor =
    Number(units || '0') * 10 ** digits +
    Number((fraction.padEnd(digits, '0') || '0').slice(0, digits) || '0');
  return negative ? -minor : minor;
}

export function parseLabels(csv: string, fallbackCurrency: string): EvalLabel[] {
  const [header, ...rows] = parseCsv(csv);
  const columns = header ?? [];
  return rows.map((cells) => {
    const cell = (name: string) =>
      columns.includes(name) ? (cells[columns.indexOf(name)] ?? '') : '';
    const iai = columns.includes('expected_reimbursable_inr');
    const currency = iai ? 'INR' : cell('currency') || fallbackCurrency;
    const amount = iai ? cell('expected_reimbursable_inr') : cell('expected_reimbursable');
    const status = cell('expected_status');
    const group = cell('group') || null;
    const groupSum = /group_sum=(-?[\d.]+)/.exec(cell('notes'))?.[1];
    return {
      file: cell('file'),
      invoice_date: cell('invoice_date'),
      currency,
      expected_status: status,
      expected_minor: status === 'any' || amount === '' ? null : minorFromDecimal(amount, currency),
      group,
      group_sum_minor: groupSum === undefined ? null : minorFromDecimal(groupSum, currency),
      expected_flags: cell('expected_flags').split(';').filter(Boolean),
    };
  });
}

export async function loadEvalLabels(dir: string, fallbackCurrency = 'INR'): Promise<EvalLabel[]> {
  return parseLabels(await readFile(path.join(dir, 'labels.csv'), 'utf8'), fallbackCurrency);
}

function flagsOf(result: EvalResult): string[] {
  // A document that is not an invoice says so by its error code, not a flag.
  return result.error_code ? [...result.flags, result.error_code] : result.flags;
}

export function scoreRows(
  labels: readonly EvalLabel[],
  results: readonly EvalResult[],
): RowScore[] {
  const byName = new Map(results.map((result) => [result.name, result]));
  const groupSums = new Map<string, number>();
  for (const label of labels) {
    if (!label.group) continue;
    const got = byName.get(label.file)?.reimbursable_minor ?? 0;
    groupSums.set(label.group, (groupSums.get(label.group) ?? 0) + got);
  }
  return labels.map((label) => {
    const got = byName.get(label.file) ?? null;
    const gotStatus = got?.outcome === 'failed' ? 'failed' : (got?.status ?? null);
    const status_ok =
      got !== null &&
      (label.expected_status === 'any'
        ? got.outcome === 'analysed'
        : gotStatus === label.expected_status);
    let amount_ok: boolean;
    if (got === null) amount_ok = false;
    else if (label.group && label.group_sum_minor !== null)
      amount_ok = groupSums.get(label.group) === label.group_sum_minor;
    else if (label.expected_status === 'failed')
      amount_ok = (got.reimbursable_minor ?? 0) === (label.expected_minor ?? 0);
    else amount_ok = got.reimbursable_minor === label.expected_minor;
    const present = got ? flagsOf(got) : [];
    const missing_flags = label.expected_flags.filter((flag) => !present.includes(flag));
    return {
      label,
      got,
      status_ok,
      amount_ok,
      flags_ok: missing_flags.length === 0,
      missing_flags,
    };
  });
}

export function rowOk(score: RowScore): boolean {
  return score.status_ok && score.amount_ok && score.flags_ok;
}
