import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MessageChannel, Worker, receiveMessageOnPort } from 'node:worker_threads';
import { ManifestFile, ManifestReader, manifestFileOf, manifestPaths, readManifestFiles } from './manifests';

/**
 * The worker: for each text it is sent, the document values of js-yaml's `loadAll` with the YAML
 * 1.2 core schema, exactly as `yamlDocumentsOf` loads them, or `null` where the text does not
 * parse (the caller then parses it itself, for its error); then it wakes the caller. Plain
 * JavaScript that needs js-yaml only, so it starts without the TypeScript loader.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
let yaml;
try {
  yaml = require(workerData.jsYaml);
} catch {}
const valuesOf = (text) => {
  try {
    const values = [];
    yaml.loadAll(text, (value) => values.push(value), { schema: yaml.CORE_SCHEMA });
    return values;
  } catch {
    return null;
  }
};
parentPort.on('message', ({ texts, port, signal }) => {
  port.postMessage(texts.map(valuesOf));
  port.close();
  Atomics.store(signal, 0, 1);
  Atomics.notify(signal, 0);
});
`;

/** How long a read waits for the worker before it parses the files itself. */
const WAIT_MS = 10_000;

/** The parse worker of this process, started on first use; unref'd, it never keeps the process alive. */
let worker: Worker | undefined;

function parseWorker(): Worker | undefined {
  try {
    if (!worker) {
      worker = new Worker(WORKER_SOURCE, { eval: true, execArgv: [], workerData: { jsYaml: require.resolve('js-yaml') } });
      worker.unref();
    }
  } catch {
    return undefined; // no thread to be had: every folder is parsed by its reader
  }
  return worker;
}

/**
 * Parses written manifest files on a second thread while the synth goes on with other work, for
 * the checks of one synth. {@link readAhead} reads a folder's files (their bytes, once) and has
 * the worker parse them; {@link reader} answers that folder with the objects of those bytes,
 * waiting for the worker if it is not done. The objects are the values js-yaml reads, copied
 * to this thread (structured clone keeps every value js-yaml's core schema produces). A file the
 * worker cannot parse is parsed here, so it throws exactly what `readManifestFiles` throws.
 */
export class ManifestParseAhead {
  private readonly pending = new Map<string, () => ManifestFile[]>();

  /**
   * Reads the manifest files of `dir` (sub-folders included) now and starts parsing them. A
   * folder that cannot be read here is left to the reader, which throws what `readManifestFiles` throws.
   */
  public readAhead(dir: string): void {
    const parser = parseWorker();
    if (!parser) return;
    let files: { readonly file: string; readonly text: string }[];
    try {
      files = manifestPaths(dir).map((file) => ({ file, text: readFileSync(join(dir, file), 'utf8') }));
    } catch {
      return;
    }
    const signal = new Int32Array(new SharedArrayBuffer(4));
    const { port1, port2 } = new MessageChannel();
    parser.postMessage({ texts: files.map((f) => f.text), port: port2, signal }, [port2]);
    this.pending.set(dir, () => {
      const answered = Atomics.wait(signal, 0, 0, WAIT_MS) !== 'timed-out';
      const values = answered ? (receiveMessageOnPort(port1)?.message as readonly (unknown[] | null)[] | undefined) : undefined;
      port1.close();
      return files.map((f, i) => manifestFileOf(f.file, f.text, values?.[i] ?? undefined));
    });
  }

  /**
   * A reader that answers a folder passed to {@link readAhead} (recursively, once) from the
   * worker's parse, and reads any other folder with `read`.
   * @default read - `readManifestFiles`
   */
  public reader(read: ManifestReader = readManifestFiles): ManifestReader {
    return (dir, recurse = true) => {
      const files = recurse ? this.pending.get(dir) : undefined;
      if (!files) return read(dir, recurse);
      this.pending.delete(dir);
      return files();
    };
  }
}
