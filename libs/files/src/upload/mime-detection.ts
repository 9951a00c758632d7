import { Worker } from 'worker_threads';

/** How many leading bytes type detection looks at (what `file-type` needs for every format it knows). */
export const SNIFF_BYTES = 4100;
/** A detection taking longer than this is abandoned (its worker terminated) and the content is treated as unknown binary. */
export const SNIFF_TIMEOUT_MS = 500;

export const FALLBACK_BINARY_TYPE = 'application/octet-stream';
export const FALLBACK_TEXT_TYPE = 'text/plain';

/**
 * Types a browser would render as a document that can run script (SVG, XHTML, XML with a
 * stylesheet). They are never stored as such: they are kept as text (or binary), so a download
 * can never become a page on our origin.
 */
const SCRIPTABLE_MARKUP = /^(application|image|text)\/(.+\+)?(xml|xhtml|svg|html)(\+xml)?$/;

/**
 * The MIME type of content from its first bytes (magic numbers), never from the client's
 * Content-Type or the file name: a PNG sent as text/plain is image/png, an executable renamed to
 * .pdf is application/octet-stream. Unknown content that is valid UTF-8 text is text/plain.
 *
 * Detection is bounded in bytes (the first SNIFF_BYTES) and in time: it runs in a worker thread,
 * so a parser that loops on crafted input (file-type 16 did, on an ASF header) costs one
 * terminated worker, never the API's event loop.
 */
export async function detectMimeType(head: Buffer): Promise<string> {
  if (head.length === 0) return FALLBACK_BINARY_TYPE;
  const sniffed = head.subarray(0, SNIFF_BYTES);
  const detected = await detector.detect(sniffed);
  if (detected && !SCRIPTABLE_MARKUP.test(detected)) return detected;
  return looksLikeText(sniffed) ? FALLBACK_TEXT_TYPE : FALLBACK_BINARY_TYPE;
}

/** Control bytes that never occur in text (tab, line feed, form feed, carriage return and escape do). */
const BINARY_CONTROL_BYTE = /[\x00-\x08\x0b\x0e-\x1a\x1c-\x1f\x7f]/;

/**
 * True when the bytes decode as UTF-8 and hold no binary control bytes. A multi-byte character
 * cut at the end of the sniffed window is tolerated (streaming decode keeps it pending).
 */
export function looksLikeText(bytes: Buffer): boolean {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: true });
  } catch {
    return false;
  }
  return !BINARY_CONTROL_BYTE.test(text);
}

/**
 * The worker's code. `file-type` is ESM-only; it is loaded through `load-esm` (as @nestjs/common's
 * FileTypeValidator does) from the path the parent resolved, so the worker needs no module context.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('worker_threads');
const { loadEsm } = require(workerData.loadEsmPath);
const fileType = loadEsm('file-type');
parentPort.on('message', async ({ id, bytes }) => {
  try {
    const { fileTypeFromBuffer } = await fileType;
    const detected = await fileTypeFromBuffer(Buffer.from(bytes));
    parentPort.postMessage({ id, mime: detected ? detected.mime : null });
  } catch (error) {
    parentPort.postMessage({ id, mime: null });
  }
});
`;

interface PendingDetection {
  bytes: Uint8Array;
  resolve(mime: string | null): void;
  timer?: NodeJS.Timeout;
}

/** One long-lived worker shared by every upload; replaced when a detection overruns its deadline. */
class MimeDetector {
  private worker?: Worker;
  private nextId = 0;
  private readonly pending = new Map<number, PendingDetection>();

  detect(bytes: Buffer): Promise<string | null> {
    return new Promise((resolve) => this.send(this.nextId++, { bytes: new Uint8Array(bytes), resolve }));
  }

  private send(id: number, detection: PendingDetection): void {
    const worker = this.ensureWorker();
    clearTimeout(detection.timer);
    detection.timer = setTimeout(() => this.abandon(id), SNIFF_TIMEOUT_MS);
    this.pending.set(id, detection);
    worker.postMessage({ id, bytes: detection.bytes });
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { loadEsmPath: require.resolve('load-esm') } });
    worker.on('message', ({ id, mime }: { id: number; mime: string | null }) => this.settle(id, mime));
    worker.on('error', () => this.replaceWorker(worker));
    worker.on('exit', () => this.replaceWorker(worker));
    // Detection must never keep a finished process (a CLI command, a test run) alive; after the
    // listeners, since adding a 'message' listener refs the worker's port again.
    worker.unref();
    this.worker = worker;
    return worker;
  }

  private settle(id: number, mime: string | null): void {
    const detection = this.pending.get(id);
    if (!detection) return;
    clearTimeout(detection.timer);
    this.pending.delete(id);
    detection.resolve(mime);
  }

  /** The overrunning input is answered as unknown; the others in flight are retried on a fresh worker. */
  private abandon(id: number): void {
    const stuck = this.worker;
    this.settle(id, null);
    if (stuck) this.replaceWorker(stuck);
    void stuck?.terminate();
  }

  private replaceWorker(dead: Worker): void {
    if (this.worker !== dead) return;
    this.worker = undefined;
    const retry = [...this.pending.entries()];
    this.pending.clear();
    for (const [id, detection] of retry) this.send(id, detection);
  }
}

const detector = new MimeDetector();
