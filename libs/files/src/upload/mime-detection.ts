import { Worker } from 'worker_threads';

/** How many leading bytes type detection looks at (what `file-type` needs for every format it knows). */
export const SNIFF_BYTES = 4100;
/** A detection taking longer than this is abandoned (its worker terminated) and the content is treated as unknown binary. */
export const SNIFF_TIMEOUT_MS = 500;

export const FALLBACK_BINARY_TYPE = 'application/octet-stream';
export const FALLBACK_TEXT_TYPE = 'text/plain';

/**
 * Types a browser would render as a document that can run script (SVG, XHTML, HTML, XML and XSLT,
 * any `+xml` type). They are never stored as such: they are kept as text (or binary), and older
 * records holding one are served as text (`servedContentType`), so a download can never become a
 * page on our origin.
 */
const SCRIPTABLE_MARKUP = /^(application|image|text)\/(.+\+)?(xml|xhtml|svg|html|xsl|xslt)(\+xml)?$/;

/** True for XML-family and HTML types; parameters (`; charset=…`) and case are ignored. */
export function isScriptableMarkup(mimeType: string): boolean {
  return SCRIPTABLE_MARKUP.test(essence(mimeType));
}

/** `type/subtype` in lower case, without parameters. */
export function essence(mimeType: string): string {
  return mimeType.split(';')[0].trim().toLowerCase();
}

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
  if (detected && !isScriptableMarkup(detected)) return detected;
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
 * It says `ready` once loaded, so the detection deadline never includes the worker's start-up.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('worker_threads');
const { loadEsm } = require(workerData.loadEsmPath);
const fileType = loadEsm('file-type');
const ready = () => parentPort.postMessage({ ready: true });
fileType.then(ready, ready);
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

export interface MimeDetectorOptions {
  /** Worker code: posts `{ ready: true }` once it can answer, then answers `{ id, bytes }` with `{ id, mime }`. */
  workerSource?: string;
  workerData?: unknown;
  /** Per detection, counted from the moment the bytes reach a ready worker. */
  timeoutMs?: number;
  /** How long a fresh worker may take to become ready. */
  startTimeoutMs?: number;
}

/** A detection whose worker died this many times (it was in flight beside a stuck input, or the worker would not start) is answered as unknown. */
const MAX_WORKER_LOSSES = 2;

interface PendingDetection {
  bytes: Uint8Array;
  resolve(mime: string | null): void;
  sent: boolean;
  losses: number;
  timer?: NodeJS.Timeout;
}

/**
 * One long-lived worker shared by every upload. A detection that overruns its deadline is answered
 * as unknown and its worker terminated (the only way to stop a synchronous loop); detections in
 * flight beside it are retried on a fresh worker.
 */
export class MimeDetector {
  private worker?: Worker;
  private ready = false;
  private startTimer?: NodeJS.Timeout;
  private nextId = 0;
  private readonly pending = new Map<number, PendingDetection>();
  private readonly timeoutMs: number;
  private readonly startTimeoutMs: number;

  constructor(private readonly options: MimeDetectorOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? SNIFF_TIMEOUT_MS;
    this.startTimeoutMs = options.startTimeoutMs ?? 10_000;
  }

  detect(bytes: Buffer): Promise<string | null> {
    return new Promise((resolve) => {
      const id = this.nextId++;
      this.pending.set(id, { bytes: new Uint8Array(bytes), resolve, sent: false, losses: 0 });
      this.dispatch(id);
    });
  }

  /** Terminates the worker; later detections start a new one. */
  async close(): Promise<void> {
    const worker = this.worker;
    if (worker) this.lose(worker);
    await worker?.terminate();
  }

  private dispatch(id: number): void {
    const detection = this.pending.get(id);
    const worker = this.ensureWorker();
    if (!detection || detection.sent || !this.ready) return;
    detection.sent = true;
    detection.timer = setTimeout(() => this.abandon(id), this.timeoutMs);
    worker.postMessage({ id, bytes: detection.bytes });
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.options.workerSource ?? WORKER_SOURCE, {
      eval: true,
      workerData: this.options.workerSource ? this.options.workerData : { loadEsmPath: require.resolve('load-esm') },
    });
    worker.on('message', (message: { ready?: boolean; id?: number; mime?: string | null }) => {
      if (message.ready) this.onReady(worker);
      else if (message.id !== undefined) this.settle(message.id, message.mime ?? null);
    });
    worker.on('error', () => this.lose(worker));
    worker.on('exit', () => this.lose(worker));
    // Detection must never keep a finished process (a CLI command, a test run) alive; after the
    // listeners, since adding a 'message' listener refs the worker's port again. Pending
    // detections keep the process alive through their timers.
    worker.unref();
    this.worker = worker;
    this.ready = false;
    this.startTimer = setTimeout(() => this.stop(worker), this.startTimeoutMs);
    return worker;
  }

  private onReady(worker: Worker): void {
    if (this.worker !== worker) return;
    clearTimeout(this.startTimer);
    this.ready = true;
    for (const id of [...this.pending.keys()]) this.dispatch(id);
  }

  private settle(id: number, mime: string | null): void {
    const detection = this.pending.get(id);
    if (!detection) return;
    clearTimeout(detection.timer);
    this.pending.delete(id);
    detection.resolve(mime);
  }

  /** The overrunning input is answered as unknown; the worker stuck on it is replaced. */
  private abandon(id: number): void {
    this.settle(id, null);
    if (this.worker) this.stop(this.worker);
  }

  private stop(worker: Worker): void {
    this.lose(worker);
    void worker.terminate();
  }

  /** The worker is gone (stuck, crashed or never ready): what was pending on it is retried on a new one, twice at most. */
  private lose(dead: Worker): void {
    if (this.worker !== dead) return;
    clearTimeout(this.startTimer);
    this.worker = undefined;
    this.ready = false;
    for (const [id, detection] of this.pending) {
      clearTimeout(detection.timer);
      detection.sent = false;
      if (++detection.losses >= MAX_WORKER_LOSSES) this.settle(id, null);
    }
    for (const id of [...this.pending.keys()]) this.dispatch(id);
  }
}

const detector = new MimeDetector();
