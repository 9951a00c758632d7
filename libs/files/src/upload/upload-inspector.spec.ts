import { Readable } from 'stream';
import { ApiException } from '@app/common';
import { formatBytes, UploadInspector } from './upload-inspector';

const PNG_HEADER = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');

async function collect(inspector: UploadInspector, chunks: Buffer[], truncated = false): Promise<Buffer> {
  const source = Object.assign(Readable.from(chunks), { truncated });
  const out: Buffer[] = [];
  for await (const chunk of inspector.inspect(source)) out.push(chunk);
  return Buffer.concat(out);
}

describe('UploadInspector', () => {
  it('passes content through unchanged and detects its type, across chunk boundaries', async () => {
    const inspector = new UploadInspector(() => ({ bytes: 1e6, label: 'files' }));
    const content = Buffer.concat([PNG_HEADER, Buffer.alloc(10000, 1)]);
    const chunks = [content.subarray(0, 3), content.subarray(3, 5000), content.subarray(5000)];
    expect((await collect(inspector, chunks)).equals(content)).toBe(true);
    expect(inspector.mimeType).toBe('image/png');
    expect(inspector.size).toBe(content.length);
  });

  it('applies the limit of the detected type and fails with 413 after draining', async () => {
    const inspector = new UploadInspector((mime) => (mime.startsWith('image/') ? { bytes: 100, label: 'image attachments' } : { bytes: 1e6, label: 'other' }));
    const error = await collect(inspector, [PNG_HEADER, Buffer.alloc(500)]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiException);
    expect((error as ApiException).getStatus()).toBe(413);
    expect((error as ApiException).message).toBe('image attachments are limited to 100 bytes');
    expect(inspector.size).toBe(516);
  });

  it('fails with 413 when the parser truncated the stream at its own limit', async () => {
    const inspector = new UploadInspector(() => ({ bytes: 1024 * 1024, label: 'project files' }));
    await expect(collect(inspector, [Buffer.from('hello')], true)).rejects.toThrow('project files are limited to 1 MB');
  });
});

describe('formatBytes', () => {
  it('uses the largest whole unit', () => {
    expect(formatBytes(25 * 1024 * 1024)).toBe('25 MB');
    expect(formatBytes(64 * 1024)).toBe('64 KB');
    expect(formatBytes(1000)).toBe('1000 bytes');
  });
});
