/**
 * The runnable examples of the README, as test/docs/readme-examples.test.ts finds and runs them.
 *
 * Convention: a ```sh block right after the line `<!-- example -->` is runnable. Examples run in
 * order in one bash session (variables such as $JOB carry over, as they do when a reader pastes
 * them into one terminal), against http://localhost:8000, with the repository's samples/ folder
 * reachable as `samples/`. Every HTTP call must answer 2xx, or the status given in the marker:
 * `<!-- example status=400 -->`. A block followed by `<!-- output -->` and a fenced block must
 * print exactly that text.
 */

export const BASE_URL = 'http://localhost:8000';

export interface Example {
  /** 1-based line of the ```sh fence in the README. */
  line: number;
  code: string;
  /** HTTP status every call of the block must answer; undefined means any 2xx. */
  status?: number;
  /** What the block must print, when the README shows it. */
  output?: string;
}

const EXAMPLE = /^<!-- example(?:\s+status=(\d{3}))?\s*-->$/;
const OUTPUT = /^<!-- output -->$/;

/** The runnable examples of a Markdown document, in order. */
export function runnableExamples(markdown: string): Example[] {
  const lines = markdown.split('\n');
  const examples: Example[] = [];
  for (let i = 0; i < lines.length; i += 1) {
    const marker = EXAMPLE.exec(lines[i]!.trim());
    if (!marker) continue;
    if (lines[i + 1] !== '```sh')
      throw new Error(
        `README line ${i + 1}: <!-- example --> must be followed directly by a \`\`\`sh fence`,
      );
    const block = fenced(lines, i + 1);
    const example: Example = {
      line: i + 2,
      code: block.body,
      ...(marker[1] ? { status: Number(marker[1]) } : {}),
    };
    // An output block may follow after one blank line.
    let next = block.end + 1;
    if (lines[next] === '') next += 1;
    if (OUTPUT.test(lines[next]?.trim() ?? '')) {
      const shown = fenced(lines, next + 1);
      example.output = shown.body;
      i = shown.end;
    } else {
      i = block.end;
    }
    examples.push(example);
  }
  return examples;
}

/** The body of the fenced block opening at `start`, and the line of its closing fence. */
function fenced(lines: string[], start: number): { body: string; end: number } {
  if (!/^```[a-z]*$/.test(lines[start] ?? ''))
    throw new Error(`README line ${start + 1}: expected a fenced block`);
  for (let end = start + 1; end < lines.length; end += 1) {
    if (lines[end] === '```') return { body: lines.slice(start + 1, end).join('\n'), end };
  }
  throw new Error(`README line ${start + 1}: unclosed fenced block`);
}

/** Every ```sh block of the document that calls the API ($API), runnable or not. */
export function apiShellBlocks(markdown: string): Array<{ line: number; runnable: boolean }> {
  const lines = markdown.split('\n');
  const found: Array<{ line: number; runnable: boolean }> = [];
  for (let i = 0; i < lines.length; i += 1) {
    if (lines[i] !== '```sh') continue;
    const block = fenced(lines, i);
    if (/\$\{?API\b/.test(block.body))
      found.push({ line: i + 1, runnable: EXAMPLE.test(lines[i - 1]?.trim() ?? '') });
    i = block.end;
  }
  return found;
}

export const STATUS_MARK = '@@http';
export const BLOCK_MARK = '@@block';

/**
 * One bash script running every example in order. `curl` is wrapped to report each call's status,
 * method and URL on stderr (curl's `%{stderr}` write-out), so pipes into jq see only the body.
 */
export function script(examples: Example[], baseUrl: string): string {
  const parts = [
    'set -euo pipefail',
    `curl() { command curl --silent --show-error --write-out '%{stderr}${STATUS_MARK} %{http_code} %{method} %{url_effective}\\n' "$@"; }`,
  ];
  examples.forEach((example, index) => {
    parts.push(`printf '\\n${BLOCK_MARK} ${index}\\n'; printf '${BLOCK_MARK} ${index}\\n' >&2`);
    parts.push(example.code.replaceAll(BASE_URL, baseUrl));
  });
  parts.push(`printf '\\n${BLOCK_MARK} end\\n'`);
  return `${parts.join('\n')}\n`;
}

export interface BlockRun {
  stdout: string;
  calls: Array<{ status: number; method: string; url: string }>;
}

/** Splits the script's output back into one record per example. */
export function splitRun(stdout: string, stderr: string, count: number): BlockRun[] {
  const runs: BlockRun[] = Array.from({ length: count }, () => ({ stdout: '', calls: [] }));
  const outParts = stdout.split(new RegExp(`\\n${BLOCK_MARK} (\\d+|end)\\n`));
  // outParts: [before, index0, text0, index1, text1, …, 'end', after]
  for (let i = 1; i + 1 < outParts.length; i += 2) {
    const index = Number(outParts[i]);
    const run = runs[index];
    if (run) run.stdout = outParts[i + 1]!;
  }
  let current = -1;
  for (const line of stderr.split('\n')) {
    const block = new RegExp(`^${BLOCK_MARK} (\\d+)$`).exec(line);
    if (block) {
      current = Number(block[1]);
      continue;
    }
    const call = new RegExp(`^${STATUS_MARK} (\\d{3}) (\\S+) (\\S+)$`).exec(line);
    const run = runs[current];
    if (call && run) run.calls.push({ status: Number(call[1]), method: call[2]!, url: call[3]! });
  }
  return runs;
}
