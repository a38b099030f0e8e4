/**
 * Policy pages → blocks: headings, clauses ("A1", "3.2", "(1)", "Article 4"), list items, table
 * rows, paragraphs. Lines wrapped by a PDF or a word processor are joined back; page furniture
 * (page numbers, running headers and footers) is dropped. Tables are read three ways: cells split
 * by "|" or tabs or wide gaps; rows of a PDF table that lost its columns (after a header line such
 * as "Expense  Limit  Notes", a row starts with a category or place and runs until the next one);
 * and a DOCX table flattened to one paragraph per cell (grouped by the header's width).
 */

export type BlockKind = 'heading' | 'prose' | 'item' | 'row' | 'header';

export interface Block {
  kind: BlockKind;
  text: string;
  page: number;
  /** The clause number or bullet it was written with ("C3", "(1)", "a)", "•"). */
  marker: string | null;
  /** Cells of a table row when the text kept its columns. */
  cells: string[] | null;
}

const BULLET = /^([●•▪◦○■□➢►▸‣⁃·*\-–—])\s+/;
const ENUMERATOR = /^(\(?(?:[a-z]|[ivx]{1,4}|\d{1,2})\))\s+/i;
const CLAUSE = /^((?:[A-Z]\d{1,2}(?:\.\d{1,2})*|\d{1,2}(?:\.\d{1,2})+|\d{1,2})[.)]?)\s+(?=\S)/;
const KEYWORD_HEADING =
  /^(?:part|article|section|chapter|schedule|annex|annexe|appendix|clause|exhibit|table|§)\s*[\w.]*\b/i;
const MARKDOWN_HEADING = /^(#{1,6})\s+/;
const TERMINAL = /[.;:!?。]["')\]”’]*$/;
/** A title names a subject; "are", "must", "will" make it a sentence. */
const VERB = /\s(?:is|are|was|were|must|will|shall|may|can|should|has|have|does|do)\s/i;
const HEADER_WORDS = new Set(
  (
    'expense expenses item items category categories type limit limits maximum max amount amounts ' +
    'rate rates notes note comment comments how it applies details conditions condition city ' +
    'location locations per basis allowance allowances description remarks vat included excluded ' +
    'tax incl excl cap caps reimbursement reimbursable ceiling country countries destination ' +
    'place what when applies applicable rule rules night nights day daily meal person trip journey ' +
    'month monthly year item items unit type'
  ).split(' '),
);
const AMOUNT = /[£€$¥￥₹]\s?\d|\b[A-Z]{3}\s?\d|\d\s?(?:[A-Z]{3}\b|円)/;
const LIMIT_HEADER = /\b(?:limit|limits|maximum|max|amount|rate|rates|allowance|cap|ceiling)\b/i;

export function isTitleLike(text: string): boolean {
  const words = text.split(/\s+/).filter(Boolean);
  return (
    words.length > 0 &&
    words.length <= 9 &&
    /^[\p{Lu}\p{Script=Han}\p{Script=Katakana}\p{Script=Hiragana}"“(]/u.test(text) &&
    !TERMINAL.test(text.replace(/:$/, '')) &&
    !/[£€$¥￥₹%]|\d[\d,.]*\s*(?:円|EUR|GBP|USD|JPY|INR)/.test(text) &&
    !/\d{3,}/.test(text.replace(/\([^)]*\)/g, ''))
  );
}

/** A line made only of column names: "Expense  Limit  How it applies". */
export function isTableHeader(text: string): boolean {
  const words = text
    .toLowerCase()
    .replace(/[()/|:—–-]/g, ' ')
    .split(/\s+/)
    .filter(Boolean);
  return (
    words.length >= 2 &&
    words.length <= 10 &&
    words.every((word) => HEADER_WORDS.has(word)) &&
    LIMIT_HEADER.test(text)
  );
}

function cellsOf(line: string): string[] | null {
  if (line.includes('|')) {
    const cells = line
      .replace(/^\|/, '')
      .replace(/\|$/, '')
      .split('|')
      .map((cell) => cell.trim());
    return cells.length >= 2 ? cells : null;
  }
  const cells = line
    .split(/\t+| {3,}/)
    .map((cell) => cell.trim())
    .filter(Boolean);
  return cells.length >= 2 ? cells : null;
}

const PAGE_NUMBER =
  /\bpage\s+\d+\s*(?:of|\/)\s*\d+\b|^[-–—\s]*\d{1,3}[-–—\s]*$|(?:^|\s)\d{1,3}\s*\/\s*\d{1,3}(?:\s|$)|^\s*-\s*\d+\s*-\s*$/i;

const shape = (line: string) => line.replace(/\d+/g, '#').replace(/\s+/g, ' ').trim().toLowerCase();

/** Page numbers and the lines repeated at the top or bottom of several pages. */
function withoutFurniture(pages: readonly string[]): string[][] {
  const lines = pages.map((page) =>
    page
      .replace(/\r\n?/g, '\n')
      .split('\n')
      .map((line) => line.replace(/[ \u00a0]+$/g, '')),
  );
  const edges = new Map<string, number>();
  for (const page of lines) {
    const content = page.filter((line) => line.trim() !== '');
    const seen = new Set([...content.slice(0, 2), ...content.slice(-3)].map(shape));
    for (const key of seen) edges.set(key, (edges.get(key) ?? 0) + 1);
  }
  const title = lines[0]
    ?.find(
      (line) =>
        /\b(?:policy|regulations|rules|guidelines|handbook)\b/i.test(line) &&
        isTitleLike(line.trim()),
    )
    ?.trim()
    .toLowerCase();
  return lines.map((page) => {
    const content = page
      .map((line, index) => ({ line, index }))
      .filter(({ line }) => line.trim() !== '');
    const drop = new Set<number>();
    const isFurniture = (line: string) => {
      const pageNumber =
        PAGE_NUMBER.test(line) && (line.length < 90 || /page\s+\d+\s+of/i.test(line));
      const repeated = pages.length > 1 && (edges.get(shape(line)) ?? 0) >= 2;
      const runningTitle =
        title !== undefined && line.toLowerCase().includes(title) && !TERMINAL.test(line);
      return pageNumber || repeated || runningTitle;
    };
    for (const { line, index } of content.slice(-3).reverse()) {
      if (!isFurniture(line.trim())) break;
      drop.add(index);
    }
    for (const { line, index } of content.slice(0, 2)) {
      const trimmed = line.trim();
      const pageNumber = PAGE_NUMBER.test(trimmed) && trimmed.length < 40;
      const repeated = (edges.get(shape(trimmed)) ?? 0) >= 2 && !TERMINAL.test(trimmed);
      if (pages.length > 1 && (pageNumber || repeated)) drop.add(index);
    }
    return page.map((line, index) => (drop.has(index) ? '' : line));
  });
}

interface Line {
  text: string;
  page: number;
  /** A blank line came before it. */
  afterBlank: boolean;
  /** A Markdown rule ("|---|---|") follows it: it is a table's header. */
  beforeRule: boolean;
}

export function segment(pages: readonly string[]): Block[] {
  const lines: Line[] = [];
  withoutFurniture(pages).forEach((page, pageIndex) => {
    let blank = true;
    for (const raw of page) {
      const text = raw
        .replace(/\*\*|__|`/g, '')
        .replace(/[ \u00a0\u2009\u202f]{2,}(?=\S)/g, (gap) => (gap.length >= 3 ? '   ' : ' '))
        .trim();
      if (/^\|?\s*:?-{3,}/.test(text)) {
        const previous = lines[lines.length - 1];
        if (previous) previous.beforeRule = true;
        continue;
      }
      if (!text) {
        blank = true;
        continue;
      }
      lines.push({ text, page: pageIndex + 1, afterBlank: blank, beforeRule: false });
      blank = false;
    }
  });
  return joinLines(lines);
}

function joinLines(lines: readonly Line[]): Block[] {
  const blocks: Block[] = [];
  let open: Block | null = null;
  let table: { columns: number; flat: boolean; pending: string[]; page: number } | null = null;
  let skip = 0;
  const close = () => {
    if (open) blocks.push(open);
    open = null;
  };
  lines.forEach((line, index) => {
    let text = line.text;
    const heading = MARKDOWN_HEADING.exec(text);
    if (heading) {
      close();
      table = null;
      blocks.push({
        kind: 'heading',
        text: text.slice(heading[0].length),
        page: line.page,
        marker: heading[1] ?? null,
        cells: null,
      });
      return;
    }
    if (skip > 0) {
      skip -= 1;
      return;
    }
    const flatColumns = flatHeaderAt(lines, index);
    if (flatColumns >= 2 || line.beforeRule || isTableHeader(text.replace(/\|/g, ' '))) {
      close();
      const header =
        flatColumns >= 2 ? lines.slice(index, index + flatColumns).map((l) => l.text) : null;
      skip = flatColumns >= 2 ? flatColumns - 1 : 0;
      table = { columns: flatColumns, flat: flatColumns >= 2, pending: [], page: line.page };
      blocks.push({
        kind: 'header',
        text: header ? header.join(' ') : text.replace(/\s*\|\s*|\s{2,}/g, ' ').trim(),
        page: line.page,
        marker: null,
        cells: header ?? cellsOf(text),
      });
      return;
    }
    const cells = cellsOf(text);
    if (cells && (text.includes('|') || cells.some((cell) => /\d/.test(cell)))) {
      close();
      blocks.push({ kind: 'row', text: cells.join(' | '), page: line.page, marker: null, cells });
      return;
    }
    // Under a limits heading, a short capitalised line with an amount is a row of its own
    // ("Amsterdam €165"), even when the table lost both its columns and its header.
    const pending = open as Block | null;
    const lastHeading =
      pending?.kind === 'heading'
        ? pending
        : [...blocks].reverse().find((block) => block.kind === 'heading');
    const limitsSection = lastHeading !== undefined && LIMIT_HEADER.test(lastHeading.text);
    if (
      !table &&
      limitsSection &&
      startsRow(text) &&
      AMOUNT.test(text) &&
      !TERMINAL.test(text) &&
      text.split(/\s+/).length <= 10
    ) {
      close();
      open = { kind: 'row', text, page: line.page, marker: null, cells: null };
      return;
    }
    const currentTable = table as {
      columns: number;
      flat: boolean;
      pending: string[];
      page: number;
    } | null;
    if (currentTable) {
      const structural =
        KEYWORD_HEADING.test(text) ||
        CLAUSE.test(text) ||
        ENUMERATOR.test(text) ||
        BULLET.test(text);
      const gap = line.afterBlank && !currentTable.flat && !/\d/.test(text);
      // A sentence after a DOCX table ("Receipts must be … within 30 days.") ends it.
      const prose = currentTable.flat && TERMINAL.test(text) && text.split(/\s+/).length >= 5;
      const flush = () => {
        if (currentTable.pending.length === 0) return;
        blocks.push({
          kind: 'row',
          text: currentTable.pending.join(' | '),
          page: line.page,
          marker: null,
          cells: [...currentTable.pending],
        });
        currentTable.pending = [];
      };
      if (structural || gap || prose || line.page !== currentTable.page) {
        flush();
        table = null;
      } else if (currentTable.flat) {
        // A DOCX table: one paragraph per cell. A row is as wide as the header, or ends early
        // where an empty cell left no paragraph and the next row's label begins.
        const label = startsRow(text) && !/\d/.test(text);
        if (currentTable.pending.length >= 2 && label) flush();
        currentTable.pending.push(text);
        if (currentTable.pending.length === currentTable.columns) flush();
        return;
      } else {
        if (startsRow(text) || !open) {
          close();
          open = { kind: 'row', text, page: line.page, marker: null, cells: null };
        } else (open as Block).text = `${(open as Block).text} ${text}`;
        return;
      }
    }
    let marker: string | null = null;
    let kind: BlockKind = 'prose';
    const bullet = BULLET.exec(text) ?? ENUMERATOR.exec(text);
    const clause = bullet ? null : CLAUSE.exec(text);
    if (bullet) {
      marker = bullet[1] ?? null;
      text = text.slice(bullet[0].length);
      kind = 'item';
    } else if (clause && !continuesNumber(open as Block | null, clause[1] ?? '', text)) {
      marker = (clause[1] ?? '').replace(/[.)]$/, '');
      text = text.slice(clause[0].length);
    }
    const keyword =
      KEYWORD_HEADING.test(line.text) && (isTitleLike(line.text) || !TERMINAL.test(line.text));
    const previous = open as Block | null;
    const continues =
      previous !== null &&
      marker === null &&
      !keyword &&
      !line.afterBlank &&
      previous.kind !== 'heading' &&
      (/^[\p{Ll}(\d£€$¥₹]/u.test(text) ||
        // A list item wraps onto lower-case lines; a capital after it starts a new sentence.
        (previous.kind !== 'item' && !TERMINAL.test(previous.text) && !isTitleLike(text)));
    if (continues && previous) {
      previous.text = `${previous.text} ${text}`;
      return;
    }
    close();
    const leadIn = text.endsWith(':') && text.split(/\s+/).length >= 4;
    // "3.1 Meals are paid up to the limit" wrapped onto "in the table." is a clause, not a title.
    const wraps = /^\p{Ll}/u.test(lines[index + 1]?.text ?? '') && !lines[index + 1]?.afterBlank;
    const titled =
      isTitleLike(text) && !/:\s*\S/.test(text) && !VERB.test(text) && !wraps && !leadIn;
    if (keyword || (kind !== 'item' && titled)) kind = 'heading';
    open = { kind, text, page: line.page, marker, cells: null };
  });
  close();
  return blocks;
}

/** "40.00 daily limit" after "… reduced to the EUR": an amount wrapped onto a new line. */
function continuesNumber(previous: Block | null, marker: string, text: string): boolean {
  if (/^\d{1,2}[.)]?\s+(?:days?|weeks?|months?|years?|nights?|%|per)\b/i.test(text)) return true;
  return (
    previous !== null &&
    previous.kind === 'prose' &&
    !TERMINAL.test(previous.text) &&
    /^\d+[.,]\d{2}$/.test(marker)
  );
}

/** A row of a PDF table starts with a capitalised category, place or line name. */
function startsRow(text: string): boolean {
  return /^[\p{Lu}]/u.test(text) && !/^(?:VAT|GST|TVA|Tax|Taxes|Note|Notes)\b/.test(text);
}

const isHeaderCell = (line: Line | undefined) =>
  line?.afterBlank &&
  line.text.split(/\s+/).length <= 3 &&
  line.text
    .toLowerCase()
    .replace(/[()]/g, '')
    .split(/\s+/)
    .every((word) => HEADER_WORDS.has(word));

/** The number of header cells when a DOCX table put each cell on its own paragraph. */
function flatHeaderAt(lines: readonly Line[], index: number): number {
  let count = 0;
  while (isHeaderCell(lines[index + count])) count += 1;
  const header = lines
    .slice(index, index + count)
    .map((line) => line.text)
    .join(' ');
  return count >= 2 && LIMIT_HEADER.test(header) ? count : 0;
}
