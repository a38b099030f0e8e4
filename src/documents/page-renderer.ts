/**
 * Pages of originals as PNGs sized for a phone: PDF pages drawn by pdf.js, photos scaled down.
 * Drawn in a small pool of child processes (the ingest's ProcessPool: time limit, memory cap) and
 * cached on disk by (hash, page, width), so a page is drawn once however often it is viewed.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readImageSize } from '../pipeline/ingest/image-header.js';
import { ProcessFailure, ProcessPool } from '../pipeline/ingest/process-pool.js';
import { assertSha256 } from './document-store.js';

export interface RenderTask {
  bytes: Uint8Array;
  kind: 'pdf' | 'image';
  /** 1-based. */
  page: number;
  width: number;
  maxPixels: number;
}

export type RenderReply =
  | { ok: true; png: Uint8Array; pages: number }
  | { ok: false; code: 'no_such_page'; pages: number }
  | { ok: false; code: 'unreadable'; message: string };

export type RenderResult =
  | { ok: true; png: Buffer; cached: boolean }
  | { ok: false; code: 'no_such_page'; pages: number }
  | { ok: false; code: 'unreadable' | 'not_renderable'; message: string };

/** Content types that have pages to draw. */
export function renderKind(contentType: string): 'pdf' | 'image' | null {
  if (contentType === 'application/pdf') return 'pdf';
  if (/^image\/(png|jpeg|gif|webp)$/.test(contentType)) return 'image';
  return null;
}

const MAX_PIXELS = 40_000_000;

export class PageRenderer {
  private readonly pool: ProcessPool<RenderTask, RenderReply>;

  constructor(
    private readonly cacheDir: string,
    private readonly options: { timeoutMs: number; poolSize?: number } = { timeoutMs: 20_000 },
  ) {
    this.pool = new ProcessPool<RenderTask, RenderReply>({
      callerUrl: import.meta.url,
      entry: 'page-render-worker',
      preload: ['pdf-parse/worker', 'pdf-parse', '@napi-rs/canvas'],
      size: options.poolSize ?? 1,
      maxOldSpaceMb: 256,
      maxRssBytes: 512 * 1024 * 1024,
      recycleAboveRssBytes: 256 * 1024 * 1024,
      recycleAfterTasks: 100,
      idleMs: 10_000,
      startupTimeoutMs: 60_000,
    });
  }

  private cacheFile(sha256: string, page: number, width: number): string {
    assertSha256(sha256);
    return join(this.cacheDir, sha256.slice(0, 2), `${sha256}-p${page}-w${width}.png`);
  }

  /** The page as a PNG: from the cache, or drawn from `load()` (the original's bytes) and cached. */
  async render(
    sha256: string,
    contentType: string,
    page: number,
    width: number,
    load: () => Promise<Buffer>,
  ): Promise<RenderResult> {
    const kind = renderKind(contentType);
    if (!kind)
      return {
        ok: false,
        code: 'not_renderable',
        message: `A ${contentType} document has no pages to draw; download it instead.`,
      };
    const file = this.cacheFile(sha256, page, width);
    const cached = await readFile(file).catch(() => null);
    if (cached) return { ok: true, png: cached, cached: true };
    const bytes = await load();
    if (kind === 'image') {
      const size = await readImageSize(bytes);
      if (size && size.width * size.height > MAX_PIXELS)
        return { ok: false, code: 'unreadable', message: 'The photo is too large to draw.' };
    }
    let reply: RenderReply;
    try {
      reply = await this.pool.run(
        { bytes, kind, page, width, maxPixels: MAX_PIXELS },
        { timeoutMs: this.options.timeoutMs },
      );
    } catch (error) {
      if (error instanceof ProcessFailure && error.kind !== 'closed')
        return {
          ok: false,
          code: 'unreadable',
          message: `Drawing the page failed: ${error.message}`,
        };
      throw error;
    }
    if (!reply.ok) return reply;
    const png = Buffer.from(reply.png);
    await mkdir(join(file, '..'), { recursive: true });
    const temp = `${file}.${randomUUID()}.tmp`;
    await writeFile(temp, png);
    await rename(temp, file).catch(() => rm(temp, { force: true }));
    return { ok: true, png, cached: false };
  }

  /** Drops every cached page of a document (it was deleted or purged). */
  async forget(sha256: string): Promise<void> {
    assertSha256(sha256);
    const dir = join(this.cacheDir, sha256.slice(0, 2));
    const names = await readdir(dir).catch(() => [] as string[]);
    await Promise.all(
      names.filter((n) => n.startsWith(sha256)).map((n) => rm(join(dir, n), { force: true })),
    );
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}

/**
 * The document store with its cached pages going along when an original is deleted (an invoice
 * deleted, a retention purge): nothing drawn from a deleted original stays on disk.
 */
export function forgettingPages<S extends { delete(sha256: string): Promise<boolean> }>(
  documents: S,
  pages: PageRenderer,
): S {
  const remove = documents.delete.bind(documents);
  documents.delete = async (sha256: string) => {
    const deleted = await remove(sha256);
    await pages.forget(sha256);
    return deleted;
  };
  return documents;
}
