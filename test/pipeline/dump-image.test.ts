import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, test as base } from 'vitest';
import { DUMP_DOWNLOAD_IMAGE, DUMP_DOWNLOAD_SCRIPT_PATH, readDumpDownloadScript } from '../../src/pipeline/dump-image';

// The script is exercised against a real HTTP server on 127.0.0.1 and real curl and gzip. It
// runs under dash (the strictest common /bin/sh) and under busybox sh with a PATH that holds
// only busybox applets and curl, which is what the curlimages/curl image offers.

/** A deterministic PRNG so the generated dump, and so every byte offset in the tests, is fixed. */
function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** CirrusSearch-shaped NDJSON (index line, document line), gzipped; compressible but not trivial. */
function makeDump(seed: number, pages: number): Buffer {
  const random = mulberry32(seed);
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  const vocabulary = Array.from({ length: 3000 }, () =>
    Array.from({ length: 2 + Math.floor(random() * 9) }, () => letters[Math.floor(random() * 26)]).join(''),
  );
  const words = (n: number) => Array.from({ length: n }, () => vocabulary[Math.floor(random() * vocabulary.length)]).join(' ');
  const lines: string[] = [];
  for (let id = 1; id <= pages; id++) {
    lines.push(JSON.stringify({ index: { _type: 'page', _id: String(id) } }));
    lines.push(JSON.stringify({ namespace: 0, title: words(3), text: words(150 + Math.floor(random() * 300)) }));
  }
  return gzipSync(Buffer.from(lines.join('\n') + '\n'));
}

const DUMP = makeDump(1, 1000);
const SECOND_DUMP = makeDump(2, 400);
const SCRIPT = DUMP_DOWNLOAD_SCRIPT_PATH;

/** A copy of `body` with one byte flipped in the middle, which `gzip -t` must reject. */
function corrupt(body: Buffer): Buffer {
  const copy = Buffer.from(body);
  copy[Math.floor(copy.length / 2)] ^= 0xff;
  return copy;
}

/** How the server treats one path. One-shot faults clear themselves after they fire. */
interface Served {
  body: Buffer;
  /** Send this many body bytes of the next GET, then drop the connection. */
  cutAfterBytes?: number;
  /** Flip a byte in the next GET's body. */
  corruptOnce?: boolean;
  /** Answer every request with this status. */
  alwaysStatus?: number;
  /** Answer Range requests with the whole file and 200, as servers without range support do. */
  ignoreRange?: boolean;
}

interface Logged {
  method: string;
  path: string;
  range?: string;
  at: number;
}

/** A dump server with HEAD and single-range GET support and scripted faults. */
class DumpServer {
  readonly requests: Logged[] = [];
  private readonly files = new Map<string, Served>();
  private readonly server: Server;

  constructor() {
    this.server = createServer((req, res) => this.handle(req, res));
  }

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  serve(name: string, served: Served): string {
    this.files.set(`/dumps/${name}`, served);
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/dumps/${name}`;
  }

  gets(): Logged[] {
    return this.requests.filter((r) => r.method === 'GET');
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const urlPath = req.url ?? '';
    this.requests.push({ method: req.method ?? '', path: urlPath, range: req.headers.range, at: Date.now() });
    const served = this.files.get(urlPath);
    if (!served) {
      res.writeHead(404).end('not found');
      return;
    }
    if (served.alwaysStatus !== undefined) {
      res.writeHead(served.alwaysStatus).end('server error');
      return;
    }
    const size = served.body.length;
    const range = served.ignoreRange ? null : /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
    const start = range ? Number(range[1]) : 0;
    if (start >= size && range) {
      res.writeHead(416, { 'Content-Range': `bytes */${size}` }).end();
      return;
    }
    res.writeHead(range ? 206 : 200, {
      'Accept-Ranges': 'bytes',
      'Content-Type': 'application/gzip',
      'Content-Length': String(size - start),
      ...(range ? { 'Content-Range': `bytes ${start}-${size - 1}/${size}` } : {}),
    });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    let payload = served.body.subarray(start);
    if (served.corruptOnce) {
      served.corruptOnce = false;
      payload = corrupt(payload);
    }
    if (served.cutAfterBytes !== undefined) {
      const cut = served.cutAfterBytes;
      served.cutAfterBytes = undefined;
      res.write(payload.subarray(0, cut), () => res.socket?.destroy());
      return;
    }
    res.end(payload);
  }
}

function findOnPath(command: string): string | undefined {
  return (process.env.PATH ?? '')
    .split(path.delimiter)
    .map((dir) => path.join(dir, command))
    .find((candidate) => existsSync(candidate));
}

interface Shell {
  name: string;
  argv: string[];
  env: NodeJS.ProcessEnv;
}

/** dash, plus busybox sh confined to busybox applets and curl when busybox is installed. */
function shells(): Shell[] {
  const dash = findOnPath('dash');
  const list: Shell[] = [dash ? { name: 'dash', argv: [dash], env: process.env } : { name: 'sh', argv: ['sh'], env: process.env }];
  const busybox = findOnPath('busybox');
  const curl = findOnPath('curl');
  if (!busybox || !curl) {
    console.warn('busybox is not installed: download-dump.sh is tested under dash only (apt-get install busybox adds the busybox run)');
    return list;
  }
  const bin = mkdtempSync(path.join(tmpdir(), 'busybox-bin-'));
  afterAll(() => rmSync(bin, { recursive: true, force: true }));
  for (const applet of execFileSync(busybox, ['--list'], { encoding: 'utf8' }).split('\n').filter(Boolean)) {
    symlinkSync(busybox, path.join(bin, applet));
  }
  symlinkSync(curl, path.join(bin, 'curl'));
  list.push({ name: 'busybox sh', argv: [busybox, 'sh'], env: { ...process.env, PATH: bin } });
  return list;
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the script asynchronously: the server lives in this process and must keep answering. */
function run(shell: Shell, args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(shell.argv[0], [...shell.argv.slice(1), SCRIPT, ...args], {
      env: { ...shell.env, BACKOFF_SECONDS: '0', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const test = base.extend<{ server: DumpServer; dir: string }>({
  server: async ({}, use) => {
    const server = new DumpServer();
    await server.start();
    await use(server);
    await server.close();
  },
  dir: async ({}, use) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'download-dump-'));
    await use(dir);
    rmSync(dir, { recursive: true, force: true });
  },
});

describe('dump image', () => {
  test('pins a released curl image and ships the script by path', ({ expect }) => {
    expect(DUMP_DOWNLOAD_IMAGE).toMatch(/^curlimages\/curl:\d+\.\d+\.\d+$/);
    expect(readDumpDownloadScript().startsWith('#!/bin/sh\n')).toBe(true);
  });
});

// One concurrent suite so that the shells' backoff tests, which sleep, overlap with everything else.
describe.concurrent('download-dump.sh', () => {
  for (const shell of shells()) {
    describe(`under ${shell.name}`, () => {
      // First, so that their sleeps overlap with the tests after them.
      test('doubles the wait after each failed attempt', async ({ expect, server, dir }) => {
        const url = server.serve('enwiki-content.json.gz', { body: DUMP, alwaysStatus: 503 });

        const result = await run(shell, [dir, url], { MAX_ATTEMPTS: '3', BACKOFF_SECONDS: '1' });

        expect(result.code).toBe(1);
        expect([...result.stdout.matchAll(/retrying in (\d+)s/g)].map((m) => Number(m[1]))).toEqual([1, 2]);
        const at = server.gets().map((r) => r.at);
        expect([at[1] - at[0] >= 1000, at[2] - at[1] >= 2000]).toEqual([true, true]);
      });

      test('never waits longer than BACKOFF_MAX_SECONDS', async ({ expect, server, dir }) => {
        const url = server.serve('enwiki-content.json.gz', { body: DUMP, alwaysStatus: 503 });

        const result = await run(shell, [dir, url], { MAX_ATTEMPTS: '2', BACKOFF_SECONDS: '60', BACKOFF_MAX_SECONDS: '1' });

        expect(result.code).toBe(1);
        expect(result.stdout).toContain(`attempt 1/2 for ${url} failed; retrying in 1s`);
        const at = server.gets().map((r) => r.at);
        expect(at[1] - at[0]).toBeGreaterThanOrEqual(1000);
      });

      test('parses as POSIX sh', ({ expect }) => {
        expect(() => execFileSync(shell.argv[0], [...shell.argv.slice(1), '-n', SCRIPT], { env: shell.env })).not.toThrow();
      });

      test('downloads, verifies and marks a fresh file', async ({ expect, server, dir }) => {
        const url = server.serve('enwiki-content.json.gz', { body: DUMP });

        const result = await run(shell, [dir, url]);

        expect(result.code).toBe(0);
        expect(readFileSync(path.join(dir, 'enwiki-content.json.gz')).equals(DUMP)).toBe(true);
        expect(readFileSync(path.join(dir, 'enwiki-content.json.gz.complete'), 'utf8')).toContain(url);
        expect(existsSync(path.join(dir, 'enwiki-content.json.gz.part'))).toBe(false);
        expect(server.requests.map((r) => [r.method, r.range])).toEqual([['GET', undefined]]);
        expect(result.stdout).toContain(`downloading ${url}`);
        expect(result.stdout).toContain(`verified enwiki-content.json.gz (${DUMP.length} bytes)`);
      });

      test('skips a file whose marker exists without touching the network', async ({ expect, server, dir }) => {
        const url = server.serve('enwiki-content.json.gz', { body: DUMP });
        expect((await run(shell, [dir, url])).code).toBe(0);
        const requestsAfterFirstRun = server.requests.length;

        const second = await run(shell, [dir, url]);

        expect(second.code).toBe(0);
        expect(server.requests.length).toBe(requestsAfterFirstRun);
        expect(second.stdout).toContain('skipping enwiki-content.json.gz: already downloaded and verified');
      });

      test('resumes an interrupted transfer with a Range request from the partial size', async ({ expect, server, dir }) => {
        // GIVEN a first run whose only attempt is cut after 300 000 bytes
        const cut = 300_000;
        expect(DUMP.length).toBeGreaterThan(2 * cut);
        const url = server.serve('enwiki-content.json.gz', { body: DUMP, cutAfterBytes: cut });
        const first = await run(shell, [dir, url], { MAX_ATTEMPTS: '1' });
        expect(first.code).toBe(1);
        expect(statSync(path.join(dir, 'enwiki-content.json.gz.part')).size).toBe(cut);
        expect(existsSync(path.join(dir, 'enwiki-content.json.gz.complete'))).toBe(false);

        // WHEN the step runs again
        const second = await run(shell, [dir, url]);

        // THEN it asks for the size, fetches only the rest, and the result is the source, byte for byte
        expect(second.code).toBe(0);
        expect(server.requests.slice(1).map((r) => [r.method, r.range])).toEqual([
          ['HEAD', undefined],
          ['GET', `bytes=${cut}-`],
        ]);
        expect(second.stdout).toContain(`resuming ${url} from byte ${cut} of ${DUMP.length}`);
        expect(readFileSync(path.join(dir, 'enwiki-content.json.gz')).equals(DUMP)).toBe(true);
        expect(existsSync(path.join(dir, 'enwiki-content.json.gz.complete'))).toBe(true);
      });

      test('verifies a partial file that already has the remote size instead of downloading it', async ({ expect, server, dir }) => {
        const url = server.serve('enwiki-content.json.gz', { body: DUMP });
        writeFileSync(path.join(dir, 'enwiki-content.json.gz.part'), DUMP);

        const result = await run(shell, [dir, url]);

        expect(result.code).toBe(0);
        expect(server.requests.map((r) => r.method)).toEqual(['HEAD']);
        expect(result.stdout).toContain(`already has the remote size (${DUMP.length} bytes); verifying`);
        expect(existsSync(path.join(dir, 'enwiki-content.json.gz.complete'))).toBe(true);
      });

      test('checks a dump left without a marker rather than trusting it', async ({ expect, server, dir }) => {
        const url = server.serve('enwiki-content.json.gz', { body: DUMP });
        writeFileSync(path.join(dir, 'enwiki-content.json.gz'), DUMP);

        const result = await run(shell, [dir, url]);

        expect(result.code).toBe(0);
        expect(server.requests.map((r) => r.method)).toEqual(['HEAD']);
        expect(readFileSync(path.join(dir, 'enwiki-content.json.gz')).equals(DUMP)).toBe(true);
        expect(existsSync(path.join(dir, 'enwiki-content.json.gz.complete'))).toBe(true);
      });

      test('deletes a full-size but corrupted partial file and fetches it again', async ({ expect, server, dir }) => {
        const url = server.serve('enwiki-content.json.gz', { body: DUMP });
        writeFileSync(path.join(dir, 'enwiki-content.json.gz.part'), corrupt(DUMP));

        const result = await run(shell, [dir, url]);

        expect(result.code).toBe(0);
        expect(server.requests.map((r) => [r.method, r.range])).toEqual([
          ['HEAD', undefined],
          ['GET', undefined],
        ]);
        expect(result.stdout).toContain('verification failed for enwiki-content.json.gz');
        expect(readFileSync(path.join(dir, 'enwiki-content.json.gz')).equals(DUMP)).toBe(true);
      });

      test('starts over when the partial file is larger than the remote file', async ({ expect, server, dir }) => {
        const url = server.serve('enwiki-content.json.gz', { body: DUMP });
        writeFileSync(path.join(dir, 'enwiki-content.json.gz.part'), Buffer.concat([DUMP, Buffer.from('extra')]));

        const result = await run(shell, [dir, url]);

        expect(result.code).toBe(0);
        expect(server.requests.map((r) => [r.method, r.range])).toEqual([
          ['HEAD', undefined],
          ['GET', undefined],
        ]);
        expect(result.stdout).toContain('is larger than the remote file');
        expect(readFileSync(path.join(dir, 'enwiki-content.json.gz')).equals(DUMP)).toBe(true);
      });

      test('starts over when the server ignores the Range request', async ({ expect, server, dir }) => {
        const url = server.serve('enwiki-content.json.gz', { body: DUMP, ignoreRange: true });
        writeFileSync(path.join(dir, 'enwiki-content.json.gz.part'), DUMP.subarray(0, 1000));

        const result = await run(shell, [dir, url]);

        expect(result.code).toBe(0);
        expect(result.stdout).toContain('server ignored the Range request');
        expect(readFileSync(path.join(dir, 'enwiki-content.json.gz')).equals(DUMP)).toBe(true);
      });

      test('retries a download that arrives corrupted', async ({ expect, server, dir }) => {
        const url = server.serve('enwiki-content.json.gz', { body: DUMP, corruptOnce: true });

        const result = await run(shell, [dir, url], { MAX_ATTEMPTS: '3' });

        expect(result.code).toBe(0);
        expect(server.gets().map((r) => r.range)).toEqual([undefined, undefined]);
        expect(result.stdout).toContain('verification failed for enwiki-content.json.gz');
        expect(result.stdout).toContain(`attempt 1/3 for ${url} failed`);
        expect(readFileSync(path.join(dir, 'enwiki-content.json.gz')).equals(DUMP)).toBe(true);
        expect(existsSync(path.join(dir, 'enwiki-content.json.gz.complete'))).toBe(true);
      });

      test('gives up after MAX_ATTEMPTS on a persistent 500 and names the URL', async ({ expect, server, dir }) => {
        const url = server.serve('enwiki-content.json.gz', { body: DUMP, alwaysStatus: 500 });

        const result = await run(shell, [dir, url], { MAX_ATTEMPTS: '3' });

        expect(result.code).toBe(1);
        expect(server.gets()).toHaveLength(3);
        expect(result.stdout).toContain(`giving up on ${url} after 3 attempts`);
        expect(result.stderr).toContain(`failed to download: ${url}`);
        expect(existsSync(path.join(dir, 'enwiki-content.json.gz'))).toBe(false);
        expect(existsSync(path.join(dir, 'enwiki-content.json.gz.complete'))).toBe(false);
      });

      test('does not retry a 404', async ({ expect, server, dir }) => {
        const url = server.serve('enwiki-content.json.gz', { body: DUMP }).replace('enwiki-content', 'missing');

        const result = await run(shell, [dir, url], { MAX_ATTEMPTS: '5' });

        expect(result.code).toBe(1);
        expect(server.requests).toHaveLength(1);
        expect(result.stdout).toContain(`giving up on ${url}: HTTP 404 will not change on retry`);
        expect(result.stderr).toContain(`failed to download: ${url}`);
      });

      test('fetches several URLs, and a failing one does not stop the others', async ({ expect, server, dir }) => {
        const first = server.serve('enwiki-content.json.gz', { body: DUMP });
        const broken = server.serve('enwiki-general.json.gz', { body: DUMP, alwaysStatus: 500 });
        const second = server.serve('simplewiki-content.json.gz', { body: SECOND_DUMP });

        const result = await run(shell, [dir, first, broken, second], { MAX_ATTEMPTS: '2' });

        expect(result.code).toBe(1);
        expect(result.stderr).toContain(`failed to download: ${broken}\n`);
        expect(readFileSync(path.join(dir, 'enwiki-content.json.gz')).equals(DUMP)).toBe(true);
        expect(readFileSync(path.join(dir, 'simplewiki-content.json.gz')).equals(SECOND_DUMP)).toBe(true);
        expect(existsSync(path.join(dir, 'enwiki-content.json.gz.complete'))).toBe(true);
        expect(existsSync(path.join(dir, 'simplewiki-content.json.gz.complete'))).toBe(true);

        // AND a rerun once the server recovers fetches only the missing file
        server.serve('enwiki-general.json.gz', { body: SECOND_DUMP });
        const rerun = await run(shell, [dir, first, broken, second]);
        expect(rerun.code).toBe(0);
        expect(rerun.stdout.match(/skipping/g)).toHaveLength(2);
        expect(readFileSync(path.join(dir, 'enwiki-general.json.gz')).equals(SECOND_DUMP)).toBe(true);
      });

      test('rejects bad arguments and environment with the name of what is wrong', async ({ expect, dir }) => {
        const url = 'http://127.0.0.1:9/a.json.gz';
        const cases: [string[], Record<string, string>, string][] = [
          [[dir], {}, 'expected a destination directory and at least one URL, got 1 argument(s)'],
          [[dir, url], { MAX_ATTEMPTS: '0' }, "MAX_ATTEMPTS: expected a whole number >= 1, got '0'"],
          [[dir, url], { BACKOFF_SECONDS: '1.5' }, "BACKOFF_SECONDS: expected a whole number >= 0, got '1.5'"],
          [[dir, url], { BACKOFF_MAX_SECONDS: 'ten' }, "BACKOFF_MAX_SECONDS: expected a whole number >= 0, got 'ten'"],
          [[dir, 'http://127.0.0.1:9/dumps/'], {}, "cannot derive a file name from URL 'http://127.0.0.1:9/dumps/'"],
          [[dir, url, 'http://127.0.0.1:9/other/a.json.gz?x=1'], {}, "two URLs save to the same file 'a.json.gz'"],
        ];
        for (const [args, env, message] of cases) {
          const result = await run(shell, args, env);
          expect(result.code, message).toBe(2);
          expect(result.stderr).toContain(message);
        }
      });
    });
  }
});
