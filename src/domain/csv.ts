/**
 * CSV for spreadsheets: RFC 4180 quoting, and cells that a spreadsheet would run as a formula
 * (=, +, -, @, tab, carriage return first) prefixed with an apostrophe, since invoice text is
 * written by strangers. Control characters other than line breaks and tabs, and bidirectional
 * formatting characters, are dropped: records stored before names were checked at the edge, and
 * text read from documents, may hold them, and a spreadsheet shows them as garbage or reversed.
 */
const FORMULA_START = /^[=+\-@\t\r]/;
const INVISIBLE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is its purpose
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

export function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value !== 'string') return String(value);
  const visible = value.replace(INVISIBLE, '');
  const safe = FORMULA_START.test(visible) ? `'${visible}` : visible;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export function csvRow(
  values: ReadonlyArray<string | number | boolean | null | undefined>,
): string {
  return `${values.map(csvCell).join(',')}\r\n`;
}

/** Minor units as a plain decimal ("2000.00"), for spreadsheets that sum columns. */
export function decimalAmount(minor: number, digits = 2): string {
  const sign = minor < 0 ? '-' : '';
  const abs = Math.abs(minor);
  if (digits === 0) return `${sign}${abs}`;
  const scale = 10 ** digits;
  return `${sign}${Math.floor(abs / scale)}.${String(abs % scale).padStart(digits, '0')}`;
}
