/**
 * A small pool of child processes for document work whose memory must be capped and given back:
 * PDF parsing and OCR. A worker thread's heap limit caps only the V8 heap; decoded streams,
 * canvases and tesseract's wasm memory live outside it, and what a thread frees often stays in
 * the server's resident set. A child process is the unit the kernel accounts and reclaims:
 *
 * - each child runs with `--max-old-space-size`, and while it works its resident set is sampled;
 *   above `maxRssBytes` it is killed and the task fails as `memory` (a document, not the server);
 * - a child that took more than `recycleAboveRssBytes`, or has served `recycleAfterTasks` tasks, is
 *   replaced, so one large document does not leave its high-water mark in a long-lived process;
 * - a child idle for `idleMs` ends, so an idle server holds no document memory at all;
 * - a task over its time limit, or aborted, kills its child (it may be stuck in synchronous code).
 *
 * The child side is serveTasks() in process-child.ts.
 */
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { forkSibling } from './worker-entry.js';

export interface ProcessPoolOptions {
  /** import.meta.url of the module next to the child's entry. */
  callerUrl: string;
  /** The child's module name, without extension (see worker-entry.ts). */
  entry: string;
  /** Libraries the child loads, imported before tsx when the child is TypeScript. */
  preload?: string[];
  /** More Node flags for the child (`--expose-gc`…). */
  execArgv?: string[];
  size: number;
  /** V8 old-space limit of each child in MiB. */
  maxOldSpaceMb: number;
  /** Resident set above which a working child is killed. */
  maxRssBytes: number;
  /** Resident set above which a child is replaced once its task is done. */
  recycleAboveRssBytes: number;
  recycleAfterTasks: number;
  idleMs: number;
  startupTimeoutMs: number;
  /** How often a working child's memory is sampled. */
  sampleMs?: number;
}

export type ProcessFailureKind = 'timeout' | 'memory' | 'crashed' | 'closed';

export class ProcessFailure extends Error {
  constructor(
    readonly kind: ProcessFailureKind,
    message: string,
  ) {
    super(message);
    this.name = 'ProcessFailure';
  }
}

/** Messages a child sends: `ready` once loaded, then one reply per task. */
export type ChildMessage<Reply> =
  | { ready: true }
  | { id: number; ok: true; reply: Reply; retire?: boolean }
  | { id: number; ok: false; message: string };

interface Slot {
  child: ChildProcess;
  tasks: number;
  idleTimer: NodeJS.Timeout | null;
}

/** Resident set of a process in bytes, from /proc (Linux); null where it cannot be read. */
export function residentBytes(pid: number): number | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = /^VmRSS:\s+(\d+) kB/m.exec(status);
    return match ? Number(match[1]) * 1024 : null;
  } catch {
    return null;
  }
}

export class ProcessPool<Task, Reply> {
  private readonly idle: Slot[] = [];
  private readonly waiting: Array<{ resolve: () => void; reject: (error: Error) => void }> = [];
  private readonly live = new Set<ChildProcess>();
  private freeSlots: number;
  private nextId = 1;
  private closed = false;

  constructor(private readonly options: ProcessPoolOptions) {
    this.freeSlots = Math.max(1, options.size);
  }

  /** Processes alive now (working or idle): for tests and diagnostics. */
  get processIds(): number[] {
    return [...this.live].flatMap((child) => (child.pid === undefined ? [] : [child.pid]));
  }

  async run(task: Task, limits: { timeoutMs: number; signal?: AbortSignal }): Promise<Reply> {
    limits.signal?.throwIfAborted();
    await this.takeSlot();
    let slot: Slot | undefined;
    let reusable = false;
    try {
      slot = this.idle.pop() ?? (await this.spawn());
      if (slot.idleTimer) clearTimeout(slot.idleTimer);
      slot.idleTimer = null;
      if (limits.signal?.aborted) {
        reusable = true;
        throw limits.signal.reason;
      }
      const { reply, retire } = await this.send(slot, task, limits);
      slot.tasks += 1;
      reusable = !retire && this.stillFit(slot);
      return reply;
    } finally {
      if (slot && reusable && !this.closed) this.park(slot);
      else if (slot) await this.kill(slot.child);
      this.freeSlot();
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const waiter of this.waiting.splice(0))
      waiter.reject(new ProcessFailure('closed', 'The document reader is closed.'));
    for (const slot of this.idle.splice(0)) if (slot.idleTimer) clearTimeout(slot.idleTimer);
    await Promise.all([...this.live].map((child) => this.kill(child)));
  }

  private stillFit(slot: Slot): boolean {
    if (slot.tasks >= this.options.recycleAfterTasks || !slot.child.connected) return false;
    const rss = slot.child.pid === undefined ? null : residentBytes(slot.child.pid);
    return rss === null || rss <= this.options.recycleAboveRssBytes;
  }

  private park(slot: Slot): void {
    // Unreferenced while idle: a CLI run ends when its work is done, not when the timer fires.
    slot.child.unref();
    slot.child.channel?.unref();
    slot.idleTimer = setTimeout(() => {
      const index = this.idle.indexOf(slot);
      if (index >= 0) this.idle.splice(index, 1);
      void this.kill(slot.child);
    }, this.options.idleMs);
    slot.idleTimer.unref();
    this.idle.push(slot);
  }

  private kill(child: ChildProcess): Promise<void> {
    if (child.exitCode !== null || child.signalCode !== null) {
      this.live.delete(child);
      return Promise.resolve();
    }
    // Referenced until it has exited: whoever awaits this (close() at shutdown) must not see
    // the event loop run dry while an idle, unreferenced child is still ending.
    child.ref();
    return new Promise((resolve) => {
      child.once('exit', () => {
        this.live.delete(child);
        resolve();
      });
      child.kill('SIGKILL');
    });
  }

  private takeSlot(): Promise<void> {
    if (this.closed)
      return Promise.reject(new ProcessFailure('closed', 'The document reader is closed.'));
    if (this.freeSlots > 0) {
      this.freeSlots -= 1;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
  }

  private freeSlot(): void {
    const next = this.waiting.shift();
    if (next) next.resolve();
    else this.freeSlots += 1;
  }

  /** A new child, once it has loaded its libraries: start-up never counts against a task. */
  private spawn(): Promise<Slot> {
    const child = forkSibling(this.options.callerUrl, this.options.entry, {
      execArgv: [
        `--max-old-space-size=${this.options.maxOldSpaceMb}`,
        ...(this.options.execArgv ?? []),
      ],
      preload: this.options.preload ?? [],
    });
    this.live.add(child);
    // A child failing between tasks must not become an uncaught 'error' in the server.
    child.on('error', () => undefined);
    child.on('exit', () => {
      this.live.delete(child);
      const index = this.idle.findIndex((slot) => slot.child === child);
      if (index >= 0) {
        const [slot] = this.idle.splice(index, 1);
        if (slot?.idleTimer) clearTimeout(slot.idleTimer);
      }
    });
    return new Promise((resolve, reject) => {
      const settle = (outcome: () => void): void => {
        clearTimeout(timer);
        child.off('message', onMessage);
        child.off('exit', onExit);
        outcome();
      };
      const onMessage = (message: ChildMessage<Reply>): void => {
        if ('ready' in message) settle(() => resolve({ child, tasks: 0, idleTimer: null }));
      };
      const onExit = (code: number | null, signal: string | null): void =>
        settle(() =>
          reject(
            new ProcessFailure(
              'crashed',
              `The document process could not start (exit ${code ?? signal}).`,
            ),
          ),
        );
      const timer = setTimeout(() => {
        void this.kill(child);
      }, this.options.startupTimeoutMs);
      child.on('message', onMessage);
      child.on('exit', onExit);
    });
  }

  private send(
    slot: Slot,
    task: Task,
    limits: { timeoutMs: number; signal?: AbortSignal },
  ): Promise<{ reply: Reply; retire: boolean }> {
    const { child } = slot;
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      let failure: ProcessFailure | null = null;
      const settle = (outcome: () => void): void => {
        clearTimeout(timer);
        clearInterval(sampler);
        child.off('message', onMessage);
        child.off('exit', onExit);
        limits.signal?.removeEventListener('abort', onAbort);
        outcome();
      };
      const onMessage = (message: ChildMessage<Reply>): void => {
        if (!('id' in message) || message.id !== id) return;
        settle(() =>
          message.ok
            ? resolve({ reply: message.reply, retire: message.retire === true })
            : reject(new TaskError(message.message)),
        );
      };
      const onExit = (code: number | null, signal: string | null): void =>
        settle(() =>
          reject(
            failure ??
              new ProcessFailure(
                'crashed',
                `The document process stopped (exit ${code ?? signal}) while working on this document.`,
              ),
          ),
        );
      const stop = (reason: ProcessFailure): void => {
        failure = reason;
        void this.kill(child);
      };
      const onAbort = (): void =>
        settle(() => {
          void this.kill(child);
          reject(limits.signal?.reason ?? new Error('aborted'));
        });
      const timer = setTimeout(
        () =>
          stop(
            new ProcessFailure('timeout', `The document took longer than ${limits.timeoutMs} ms.`),
          ),
        limits.timeoutMs,
      );
      const sampler = setInterval(() => {
        const rss = child.pid === undefined ? null : residentBytes(child.pid);
        if (rss !== null && rss > this.options.maxRssBytes) {
          stop(
            new ProcessFailure(
              'memory',
              `Reading the document needed more than ${Math.round(this.options.maxRssBytes / 1048576)} MiB of memory (DOCUMENT_PROCESS_MAX_MB).`,
            ),
          );
        }
      }, this.options.sampleMs ?? 25);
      child.on('message', onMessage);
      child.on('exit', onExit);
      limits.signal?.addEventListener('abort', onAbort, { once: true });
      // Referenced while working, so a CLI run waits for its documents.
      child.ref();
      child.channel?.ref();
      child.send({ id, task });
    });
  }
}

/** The child answered that the task failed (the child itself is healthy). */
export class TaskError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TaskError';
  }
}
