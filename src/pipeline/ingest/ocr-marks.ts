/**
 * The dark marks of a grey image as connected groups: their typical height says how large the
 * text is (small text is enlarged before OCR), and tall thin ones are barcode bars or rules, which
 * tesseract's line finder merges with the text line next to them.
 */
import { type GrayImage, otsuThreshold } from './ocr-prepare.js';

/** A dark run this many times taller than the page's typical character is no character. */
const TALL_FACTOR = 2.5;
/** …and a group of such runs this thin for its height is a bar or a rule, not a logo's stroke. */
const THIN_RATIO = 0.3;
/** Anti-aliased edges beside an erased bar, in pixels. */
const HALO = 2;
/** How far a bar may end past its neighbours' line before it is taken to run into a digit. */
const CLIP_SLACK = 2;
/** Shorter runs are never bars, whatever the text size (a character at 300 dpi is ~30 px). */
const MIN_BAR = 40;

interface Extent {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/**
 * Paints white the dark vertical runs much taller than the text's characters whose group is thin
 * (barcode bars, vertical rules). Only the runs go: a digit touching a bar's end keeps its shape
 * but for the bar's own columns. Returns how many bars it erased.
 */
export function eraseBars(image: GrayImage): number {
  const { width, height, data } = image;
  const darkMask = inkMask(image);
  // Vertical runs are listed before the mask is consumed by the grouping below.
  const runs: number[] = [];
  for (let x = 0; x < width; x += 1) {
    let start = -1;
    for (let y = 0; y <= height; y += 1) {
      const isDark = y < height && darkMask[y * width + x] === 1;
      if (isDark && start < 0) start = y;
      if (!isDark && start >= 0) {
        if (y - start >= MIN_BAR) runs.push(x, start, y);
        start = -1;
      }
    }
  }
  if (runs.length === 0) return 0;
  const textHeight = typicalHeight(components(width, height, darkMask));
  if (textHeight === null) return 0;
  const longest = Math.ceil(TALL_FACTOR * textHeight);
  const tall = darkMask;
  tall.fill(0);
  let any = false;
  for (let i = 0; i < runs.length; i += 3) {
    const [x, start, end] = [runs[i] as number, runs[i + 1] as number, runs[i + 2] as number];
    if (end - start < longest) continue;
    for (let y = start; y < end; y += 1) tall[y * width + x] = 1;
    any = true;
  }
  if (!any) return 0;
  const bars = components(width, height, tall).filter(
    (bar) => bar.right - bar.left + 1 <= THIN_RATIO * (bar.bottom - bar.top + 1),
  );
  // A barcode is whitened whole between its bars' common top and bottom lines: its bars' grey
  // edges and short broken pieces go too, a digit touching a bar's end stays.
  for (const code of barcodes(bars, textHeight)) {
    for (let y = code.top; y <= code.bottom; y += 1) {
      data.fill(
        255,
        y * width + Math.max(0, code.left - HALO),
        y * width + Math.min(width, code.right + HALO + 1),
      );
    }
  }
  return bars.length;
}

/**
 * Bars side by side (overlapping rows, gaps under a character's height) form one barcode. A bar
 * touching a digit printed under (or over) the barcode runs into it, so a barcode's rows are its
 * bars' median top and bottom.
 */
function barcodes(bars: Extent[], textHeight: number): Extent[] {
  const sorted = [...bars].sort((a, b) => a.left - b.left);
  const groups: Extent[][] = [];
  for (const bar of sorted) {
    const group = groups.find((members) =>
      members.some((other) => bar.left - other.right <= textHeight && rowsOverlap(bar, other)),
    );
    if (group) group.push(bar);
    else groups.push([bar]);
  }
  return groups.map((members) => ({
    left: Math.min(...members.map((m) => m.left)),
    right: Math.max(...members.map((m) => m.right)),
    top: median(members.map((m) => m.top)) - CLIP_SLACK,
    bottom: median(members.map((m) => m.bottom)) + CLIP_SLACK,
  }));
}

function rowsOverlap(a: Extent, b: Extent): boolean {
  const overlap = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) + 1;
  return overlap >= (Math.min(a.bottom - a.top, b.bottom - b.top) + 1) / 2;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

/**
 * The median height of the text's characters in pixels, or null when too few marks look like
 * characters to say.
 */
export function textHeight(image: GrayImage): number | null {
  return typicalHeight(components(image.width, image.height, inkMask(image)));
}

/** 1 where a pixel is ink (at or below Otsu's threshold), 0 elsewhere. */
function inkMask(image: GrayImage): Uint8Array {
  const { data } = image;
  const threshold = otsuThreshold(image);
  const mask = new Uint8Array(data.length);
  for (let i = 0; i < data.length; i += 1) mask[i] = (data[i] as number) <= threshold ? 1 : 0;
  return mask;
}

/** Bounding boxes of the 4-connected groups of set pixels in `mask` (which it clears). */
function components(width: number, height: number, mask: Uint8Array): Extent[] {
  const found: Extent[] = [];
  const stack: number[] = [];
  for (let start = 0; start < mask.length; start += 1) {
    if (mask[start] !== 1) continue;
    let left = width;
    let top = height;
    let right = -1;
    let bottom = -1;
    mask[start] = 0;
    stack.push(start);
    while (stack.length > 0) {
      const at = stack.pop() as number;
      const x = at % width;
      const y = (at - x) / width;
      if (x < left) left = x;
      if (x > right) right = x;
      if (y < top) top = y;
      if (y > bottom) bottom = y;
      if (x > 0 && mask[at - 1] === 1) {
        mask[at - 1] = 0;
        stack.push(at - 1);
      }
      if (x < width - 1 && mask[at + 1] === 1) {
        mask[at + 1] = 0;
        stack.push(at + 1);
      }
      if (y > 0 && mask[at - width] === 1) {
        mask[at - width] = 0;
        stack.push(at - width);
      }
      if (y < height - 1 && mask[at + width] === 1) {
        mask[at + width] = 0;
        stack.push(at + width);
      }
    }
    found.push({ left, top, right, bottom });
  }
  return found;
}

/**
 * The median height of character-sized marks. Thin marks are left out: a short receipt's barcode
 * has more bars than the receipt has characters.
 */
function typicalHeight(marks: Extent[]): number | null {
  const heights = marks
    .map((m) => ({ h: m.bottom - m.top + 1, w: m.right - m.left + 1 }))
    .filter(({ h, w }) => h >= 12 && h <= 400 && w > THIN_RATIO * h)
    .map(({ h }) => h)
    .sort((a, b) => a - b);
  if (heights.length < 10) return null;
  return heights[Math.floor(heights.length / 2)] as number;
}
