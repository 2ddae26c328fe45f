import { ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
// The node flags of the production start command (package.json "start", e.g. the young
// generation's size): tests and benchmarks run the service as `npm start` does.
const START_FLAGS = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).scripts.start as string)
  .split(/\s+/)
  .filter((arg) => arg.startsWith('--'));
const MAX_KEPT_OUTPUT = 1024 * 1024;

// Runs the real entry point as its own process, the way a newcomer starts it, and resolves once it
// logs where it listens. `entry`: 'source' runs src/main.ts transpiled on the fly (tests: no build
// step); 'build' runs dist/main.js as `npm start` does, which benchmarks need: ts-node's register
// hook loads node:domain, and a loaded domain module wraps every EventEmitter.emit (~1 % of a
// request's CPU) and so measures a process production never runs. The caller builds first.
export async function spawnService(
  env: Record<string, string | undefined>,
  timeoutMs = 60_000,
  // Extra node flags, e.g. --cpu-prof for a benchmark's profile.
  nodeArgs: readonly string[] = [],
  entry: 'source' | 'build' = 'source',
): Promise<{
  url: string;
  pid: number | undefined;
  output: () => string;
  stop(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}> {
  const child: ChildProcess = spawn(
    process.execPath,
    [
      ...START_FLAGS,
      ...nodeArgs,
      ...(entry === 'build' ? ['dist/main.js'] : ['-r', 'ts-node/register/transpile-only', 'src/main.ts']),
    ],
    {
      cwd: ROOT,
      env: { PATH: process.env.PATH, TS_NODE_PROJECT: 'tsconfig.json', ...env } as NodeJS.ProcessEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const { output, exited } = watchProcess(child);

  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`service did not start in ${timeoutMs} ms:\n${output()}`)), timeoutMs);
    const check = () => {
      const match = /listening on (http:\/\/[\d.]+:\d+)/.exec(output());
      if (match) {
        clearTimeout(timer);
        child.stdout!.off('data', check);
        resolve(match[1]);
      }
    };
    child.stdout!.on('data', check);
    void exited.then(({ code }) => {
      clearTimeout(timer);
      reject(new Error(`service exited with ${code}:\n${output()}`));
    });
  });

  return {
    url,
    pid: child.pid,
    output,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

// Runs the entry point expecting it to refuse to start; resolves with its exit code and output.
export async function runServiceToExit(env: Record<string, string | undefined>, timeoutMs = 60_000) {
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/main.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, TS_NODE_PROJECT: 'tsconfig.json', ...env } as NodeJS.ProcessEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  clearTimeout(timer);

  return { code, output };
}

// Runs src/worker.ts (the job consumer, no HTTP) as its own process, as `node dist/worker.js`
// does, and resolves once its job runner has started. kill() sends a signal without waiting
// (SIGKILL: the process gets no chance to finish anything).
export async function spawnWorker(
  env: Record<string, string | undefined>,
  timeoutMs = 60_000,
): Promise<{
  pid: number;
  output: () => string;
  kill(signal: NodeJS.Signals): void;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stop(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}> {
  const child = spawn(process.execPath, [...START_FLAGS, '-r', 'ts-node/register/transpile-only', 'src/worker.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, TS_NODE_PROJECT: 'tsconfig.json', ...env } as NodeJS.ProcessEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const { output, exited } = watchProcess(child);
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`worker did not start in ${timeoutMs} ms:\n${output()}`)), timeoutMs);
    const check = () => {
      if (!/job runner started/.test(output())) return;
      clearTimeout(timer);
      child.stdout.off('data', check);
      resolve();
    };
    child.stdout.on('data', check);
    void exited.then(({ code }) => {
      clearTimeout(timer);
      reject(new Error(`worker exited with ${code}:\n${output()}`));
    });
  });
  return {
    pid: child.pid!,
    output,
    exited,
    kill: (signal) => void child.kill(signal),
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

// Keeps only the latest output of a spawned process (for error messages and tests that read the
// log): a benchmark's service writes a line per request, and keeping or scanning all of it would
// load this process. The chunks are kept as they come and joined only when read: re-slicing one
// growing string on every chunk copied the whole megabyte each time (15 % of bench/flow's client
// CPU).
function watchProcess(child: ChildProcess): {
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
} {
  const chunks: Buffer[] = [];
  let kept = 0;
  const keep = (chunk: Buffer) => {
    chunks.push(chunk);
    kept += chunk.length;
    while (kept - chunks[0].length >= MAX_KEPT_OUTPUT) kept -= chunks.shift()!.length;
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );

  return { output: () => Buffer.concat(chunks).toString(), exited };
}
