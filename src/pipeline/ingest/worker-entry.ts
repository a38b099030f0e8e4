/**
 * Starting a worker thread from a module that sits next to the caller, both from compiled dist/
 * JavaScript (production) and from TypeScript source under tsx or tap (tests, `npm run dev`).
 *
 * The worker file has the caller's own extension. A .js worker starts directly. A .ts worker
 * cannot: on Node 20 a worker's entry module is resolved before flags such as `--import tsx`
 * take effect (checked: "Unknown file extension .ts" with and without inherited execArgv). So a
 * tiny bootstrap, evaluated as the worker's script, registers tsx's loader in that thread first
 * and then imports the worker module.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

export function siblingWorkerUrl(callerUrl: string, baseName: string): URL {
  return new URL(`./${baseName}${extname(fileURLToPath(callerUrl))}`, callerUrl);
}

export function spawnSiblingWorker(
  callerUrl: string,
  baseName: string,
  options: Omit<WorkerOptions, 'eval'> = {},
): Worker {
  const url = siblingWorkerUrl(callerUrl, baseName);
  if (extname(url.pathname) !== '.ts') return new Worker(url, options);
  const tsxApi = import.meta.resolve('tsx/esm/api');
  const bootstrap = `import(${JSON.stringify(tsxApi)}).then(({ register }) => { register(); return import(${JSON.stringify(url.href)}); });`;
  return new Worker(bootstrap, { ...options, eval: true });
}

/**
 * Starts a child process running the module next to the caller. Unlike a worker thread, a child
 * process needs no eval bootstrap for compiled JavaScript; for a .ts module, child-bootstrap.mjs
 * imports the `preload` libraries natively, then registers tsx (which would otherwise transform
 * every library file it loads). `execArgv` replaces (never inherits) the parent's flags: a test
 * runner's loaders and inspector flags have no business in the child. Source maps are off in
 * the child even when NODE_OPTIONS enables them: they cost memory (pdf.js's map is megabytes),
 * and a child's errors reach users only as a reason code.
 */
export function forkSibling(
  callerUrl: string,
  baseName: string,
  options: { execArgv?: string[]; preload?: string[] } = {},
): ChildProcess {
  const url = siblingWorkerUrl(callerUrl, baseName);
  const typescript = extname(url.pathname) === '.ts';
  const bootstrap = fileURLToPath(new URL('./child-bootstrap.mjs', import.meta.url));
  return fork(
    typescript ? bootstrap : fileURLToPath(url),
    typescript ? [url.href, ...(options.preload ?? [])] : [],
    {
      execArgv: ['--no-enable-source-maps', ...(options.execArgv ?? [])],
      serialization: 'advanced',
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    },
  );
}
