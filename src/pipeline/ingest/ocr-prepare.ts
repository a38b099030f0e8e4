/**
 * Image preparation before tesseract, on grey pixels (pure functions; ocr-image.ts decodes and
 * encodes). Two things seen on scanned receipts made tesseract lose whole lines:
 * - a receipt laid on a grey or dark board and scanned as a full page: the textured board is read
 *   as rows of noise, and the page layout merges the real lines with it;
 * - a barcode printed just above the date line: its bars are taller than any character, so the
 *   line finder takes bars and the line below as one line, and the date comes out garbled.
 * So the paper is cut out of the page here, and tall thin marks (barcode bars, rules) are painted
 * white by ocr-marks.ts.
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
