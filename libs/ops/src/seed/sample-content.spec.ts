import { detectMimeType } from '@app/files';
import { sampleContent, SAMPLE_CONTENT_TYPES } from './sample-content';

const EXPECTED: Record<string, string> = {
  txt: 'text/plain',
  pdf: 'application/pdf',
  png: 'image/png',
  jpg: 'image/jpeg',
  zip: 'application/zip',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  mp4: 'video/mp4',
  mp3: 'audio/mpeg',
};

describe('sample content for seeded files and attachments', () => {
  it.each(Object.entries(EXPECTED))('.%s is sniffed as %s, as the seeded record says', async (ext, mime) => {
    expect(await detectMimeType(sampleContent(ext, 'Quarterly report (65f0c0ffee)'))).toBe(mime);
  });

  it('covers every type the generators use, small and deterministic per label', () => {
    expect(SAMPLE_CONTENT_TYPES().sort()).toEqual(Object.keys(EXPECTED).sort());
    for (const ext of SAMPLE_CONTENT_TYPES()) {
      const bytes = sampleContent(ext, 'a (1)');
      expect(bytes.length).toBeLessThan(1024);
      expect(sampleContent(ext, 'a (1)').equals(bytes)).toBe(true);
      expect(sampleContent(ext, 'b (2)').equals(bytes)).toBe(false);
    }
  });
});
