/**
 * Thumbnails as the PDF embeds them cheaply. The page service draws PNGs with an alpha channel,
 * and pdfkit splits such a PNG into colour and mask in JavaScript (about 20 ms a thumbnail, most
 * of a 100-invoice report); a JPEG it copies as it is. The PNGs are the page service's own output
 * (bounded: THUMBNAIL_WIDTH wide), so decoding them here reads nothing an uploader wrote.
 * Encoding runs on libuv's thread pool, beside the event loop.
 */
import type { Thumbnail } from './load.js';

const JPEG_QUALITY = 85;
const MAX_PIXELS = 4_000_000;

async function asJpeg(png: Buffer): Promise<Buffer> {
  const { createCanvas, loadImage } = await import('@napi-rs/canvas');
  const image = await loadImage(png);
  if (image.width * image.height > MAX_PIXELS) return png;
  const canvas = createCanvas(image.width, image.height);
  const context = canvas.getContext('2d');
  // Transparent pixels become paper white, as the page looked.
  context.fillStyle = '#ffffff';
  context.fillRect(0, 0, image.width, image.height);
  context.drawImage(image, 0, 0);
  return canvas.encode('jpeg', JPEG_QUALITY);
}

/** What the PDF draws for each invoice: image bytes (JPEG, or the PNG that would not convert), or the line in its place. */
export type PdfPicture = { image: Buffer } | { missing: string };

export async function forPdf(thumbnails: readonly Thumbnail[]): Promise<PdfPicture[]> {
  return Promise.all(
    thumbnails.map(async (thumbnail): Promise<PdfPicture> => {
      if (!('png' in thumbnail)) return thumbnail;
      try {
        return { image: await asJpeg(thumbnail.png) };
      } catch {
        return { image: thumbnail.png };
      }
    }),
  );
}
