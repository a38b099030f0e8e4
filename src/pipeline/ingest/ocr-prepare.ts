/**
 * Image preparation before tesseract, on grey pixels (pure functions; ocr-image.ts decodes and
 * encodes). Two things seen on scanned receipts made tesseract lose whole lines:
 * - a receipt laid on a grey or dark board and scanned as a full page: the textured board is read
 *   as rows of noise, and the page layout merges the real lines with it;
 * - a barcode printed just above the date line: its bars are taller than any character, so the
 *   line finder takes bars and the line below as one line, and the date comes out garbled.
 * So the paper is cut out of the page, and tall thin marks (barcode bars, rules) are painted white.
 */

export interface GrayImage {
  width: number;
  height: number;
  /** One byte per pixel, row by row, 0 black .. 255 white. */
  data: Uint8Array;
}

export interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** Luminance (ITU-R BT.601) of RGBA pixels. */
export function grayFromRgba(rgba: Uint8Array | Uint8ClampedArray, width: number, height: number) {
  const data = new Uint8Array(width * height);
  for (let i = 0, p = 0; i < data.length; i += 1, p += 4) {
    data[i] =
      ((rgba[p] as number) * 299 + (rgba[p + 1] as number) * 587 + (rgba[p + 2] as number) * 114) /
      1000;
  }
  return { width, height, data } satisfies GrayImage;
}

export function crop(image: GrayImage, box: Box): GrayImage {
  const data = new Uint8Array(box.width * box.height);
  for (let y = 0; y < box.height; y += 1) {
    const from = (box.top + y) * image.width + box.left;
    data.set(image.data.subarray(from, from + box.width), y * box.width);
  }
  return { width: box.width, height: box.height, data };
}

/** Otsu's threshold: the grey level that best splits the histogram into two classes. */
export function otsuThreshold(image: GrayImage): number {
  const histogram = new Float64Array(256);
  for (const value of image.data) histogram[value] = (histogram[value] as number) + 1;
  const total = image.data.length;
  let sum = 0;
  for (let level = 0; level < 256; level += 1) sum += level * (histogram[level] as number);
  let below = 0;
  let sumBelow = 0;
  let best = 0;
  let threshold = 128;
  for (let level = 0; level < 256; level += 1) {
    below += histogram[level] as number;
    if (below === 0 || below === total) continue;
    sumBelow += level * (histogram[level] as number);
    const meanBelow = sumBelow / below;
    const meanAbove = (sum - sumBelow) / (total - below);
    const between = below * (total - below) * (meanBelow - meanAbove) ** 2;
    if (between > best) {
      best = between;
      threshold = level;
    }
  }
  return threshold;
}

/**
 * Everything lighter than the ink (Otsu's threshold) goes white: print showing through from the
 * back of thin receipt paper no longer reaches tesseract's own thresholding, which took it for
 * ink around the lines it sat behind.
 */
export function whitenBackground(image: GrayImage): void {
  const threshold = otsuThreshold(image);
  const { data } = image;
  for (let i = 0; i < data.length; i += 1) if ((data[i] as number) > threshold) data[i] = 255;
}

/** Paper is the brightest large area; a board around it is darker even where it is plain. */
const PAPER_MARGIN = 40;
/** Cutting only pays when the board is a real part of the page. */
const MIN_CUT_SHARE = 0.15;

/**
 * Where the paper is on a page scanned with a darker background around it, or null when the
 * paper fills the image (the usual receipt scan or photo crop).
 */
export function paperBox(image: GrayImage): Box | null {
  const { width, height, data } = image;
  if (width < 64 || height < 64) return null;
  const paper = percentile(data, 0.95) - PAPER_MARGIN;
  if (paper < 96) return null;
  const columns = new Float64Array(width);
  for (let y = 0; y < height; y += 1) {
    const row = y * width;
    for (let x = 0; x < width; x += 1) {
      if ((data[row + x] as number) >= paper) columns[x] = (columns[x] as number) + 1;
    }
  }
  const across = brightRun(columns);
  if (!across) return null;
  const rows = new Float64Array(height);
  for (let y = 0; y < height; y += 1) {
    const row = y * width;
    let count = 0;
    for (let x = across.start; x < across.end; x += 1) {
      if ((data[row + x] as number) >= paper) count += 1;
    }
    rows[y] = count;
  }
  const down = brightRun(rows);
  if (!down) return null;
  const kept = (across.end - across.start) * (down.end - down.start);
  if (kept > (1 - MIN_CUT_SHARE) * width * height) return null;
  const padX = Math.round(width * 0.005);
  const padY = Math.round(height * 0.005);
  const left = Math.max(0, across.start - padX);
  const top = Math.max(0, down.start - padY);
  return {
    left,
    top,
    width: Math.min(width, across.end + padX) - left,
    height: Math.min(height, down.end + padY) - top,
  };
}

/**
 * The longest run of positions whose bright count, smoothed over 2% of the length (a barcode or
 * a dense line is dark for a moment), reaches a quarter of the brightest position's: a column
 * through dense text is still mostly paper, a column of the board has next to none.
 */
function brightRun(counts: Float64Array): { start: number; end: number } | null {
  const n = counts.length;
  const half = Math.max(1, Math.round(n * 0.01));
  const prefix = new Float64Array(n + 1);
  for (let i = 0; i < n; i += 1) prefix[i + 1] = (prefix[i] as number) + (counts[i] as number);
  const smooth = new Float64Array(n);
  let peak = 0;
  for (let i = 0; i < n; i += 1) {
    const from = Math.max(0, i - half);
    const to = Math.min(n, i + half + 1);
    smooth[i] = ((prefix[to] as number) - (prefix[from] as number)) / (to - from);
    peak = Math.max(peak, smooth[i] as number);
  }
  if (peak === 0) return null;
  let best: { start: number; end: number } | null = null;
  let start = -1;
  for (let i = 0; i <= n; i += 1) {
    const bright = i < n && (smooth[i] as number) >= peak / 4;
    if (bright && start < 0) start = i;
    if (!bright && start >= 0) {
      if (!best || i - start > best.end - best.start) best = { start, end: i };
      start = -1;
    }
  }
  return best;
}

function percentile(data: Uint8Array, share: number): number {
  const histogram = new Uint32Array(256);
  for (const value of data) histogram[value] = (histogram[value] as number) + 1;
  const wanted = data.length * share;
  let seen = 0;
  for (let level = 0; level < 256; level += 1) {
    seen += histogram[level] as number;
    if (seen >= wanted) return level;
  }
  return 255;
}

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
  const threshold = otsuThreshold(image);
  const darkMask = new Uint8Array(data.length);
  for (let i = 0; i < data.length; i += 1) darkMask[i] = (data[i] as number) <= threshold ? 1 : 0;
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
