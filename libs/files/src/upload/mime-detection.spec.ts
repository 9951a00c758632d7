import { detectMimeType, looksLikeText, MimeDetector } from './mime-detection';

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

describe('detectMimeType', () => {
  it('detects formats from magic bytes', async () => {
    expect(await detectMimeType(PNG)).toBe('image/png');
    expect(await detectMimeType(Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj\n'))).toBe('application/pdf');
    expect(await detectMimeType(Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03]))).toBe('application/gzip');
  });

  it('falls back to text/plain for UTF-8 text and octet-stream for other bytes', async () => {
    expect(await detectMimeType(Buffer.from('Grüße aus Köln\r\nline two\t✓\n'))).toBe('text/plain');
    expect(await detectMimeType(Buffer.from([0x00, 0x01, 0x02, 0xff, 0xfe]))).toBe('application/octet-stream');
    expect(await detectMimeType(Buffer.alloc(0))).toBe('application/octet-stream');
  });

  it('ignores what the file name claims (content only)', async () => {
    expect(await detectMimeType(Buffer.from('MZ\x90\x00\x03\x00\x00\x00', 'latin1'))).not.toBe('application/pdf');
  });
});

describe('looksLikeText', () => {
  it('rejects invalid UTF-8 and binary control bytes', () => {
    expect(looksLikeText(Buffer.from([0xc3, 0x28]))).toBe(false);
    expect(looksLikeText(Buffer.from('abc\u0000def'))).toBe(false);
  });

  it('tolerates a multi-byte character cut at the end of the sniffed window', () => {
    const text = Buffer.from('ok é');
    expect(looksLikeText(text.subarray(0, text.length - 1))).toBe(true);
  });
});

describe('detectMimeType on hostile input', () => {
  /** An ASF header whose first object declares size 0: file-type 16 stepped back 24 bytes and looped forever on it. */
  const LOOPING_ASF = Buffer.alloc(4100);
  Buffer.from([0x30, 0x26, 0xb2, 0x75, 0x8e, 0x66, 0xcf, 0x11, 0xa6, 0xd9, 0x00, 0xaa, 0x00, 0x62, 0xce, 0x6c]).copy(LOOPING_ASF);

  it('answers a crafted ASF header quickly, as unknown binary', async () => {
    const started = Date.now();
    expect(await detectMimeType(LOOPING_ASF)).toBe('application/octet-stream');
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('stores XML-family markup as text, never as a type a browser would run', async () => {
    expect(await detectMimeType(Buffer.from('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'))).toBe('text/plain');
    expect(await detectMimeType(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'))).toBe('text/plain');
    expect(await detectMimeType(Buffer.from('<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><body/></html>'))).toBe('text/plain');
  });
});

describe('MimeDetector time bound', () => {
  /** A stand-in parser that loops forever on bytes starting with 0xff, as file-type 16 did on the ASF header. */
  const LOOPING_WORKER = `
const { parentPort } = require('worker_threads');
parentPort.postMessage({ ready: true });
parentPort.on('message', ({ id, bytes }) => {
  if (bytes[0] === 0xff) for (;;) {}
  parentPort.postMessage({ id, mime: 'application/x-answered' });
});
`;
  let detector: MimeDetector;
  beforeEach(() => (detector = new MimeDetector({ workerSource: LOOPING_WORKER, timeoutMs: 200 })));
  afterEach(() => detector.close());

  it('abandons a looping detection at its deadline while the event loop keeps running, then answers the next one', async () => {
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 10);
    const started = Date.now();
    const mime = await detector.detect(Buffer.from([0xff, 1, 2]));
    const elapsed = Date.now() - started;
    clearInterval(ticker);
    expect(mime).toBeNull();
    expect(elapsed).toBeGreaterThanOrEqual(190);
    expect(elapsed).toBeLessThan(1000);
    expect(ticks).toBeGreaterThanOrEqual(5); // the loop ran in the worker, not on this thread
    expect(await detector.detect(Buffer.from([1, 2, 3]))).toBe('application/x-answered');
  });

  it('retries a detection that was queued behind a stuck one on a fresh worker', async () => {
    const stuck = detector.detect(Buffer.from([0xff]));
    const queued = detector.detect(Buffer.from([7]));
    expect(await stuck).toBeNull();
    expect(await queued).toBe('application/x-answered');
  });

  it('answers unknown when the worker cannot start, instead of waiting forever', async () => {
    const broken = new MimeDetector({ workerSource: `throw new Error('no parser')`, timeoutMs: 200 });
    const started = Date.now();
    expect(await broken.detect(Buffer.from([1]))).toBeNull();
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('does not count the worker start-up against the deadline', async () => {
    const slowStart = new MimeDetector({
      workerSource: `
const { parentPort } = require('worker_threads');
const until = Date.now() + 400; while (Date.now() < until) {}
parentPort.postMessage({ ready: true });
parentPort.on('message', ({ id }) => parentPort.postMessage({ id, mime: 'application/x-answered' }));
`,
      timeoutMs: 100,
    });
    expect(await slowStart.detect(Buffer.from([1]))).toBe('application/x-answered');
    await slowStart.close();
  });
});
