import { DetectedType, detectedTypeOf } from './detected-type';

describe('detectedTypeOf', () => {
  it.each([
    ['image/png', DetectedType.Image],
    ['image/svg+xml', DetectedType.Image],
    ['video/mp4', DetectedType.Video],
    ['video/quicktime', DetectedType.Video],
    ['audio/mpeg', DetectedType.Audio],
    ['audio/ogg', DetectedType.Audio],
    ['application/pdf', DetectedType.Document],
    ['text/plain', DetectedType.Document],
    ['application/vnd.openxmlformats-officedocument.wordprocessingml.document', DetectedType.Document],
    ['application/vnd.oasis.opendocument.spreadsheet', DetectedType.Document],
    ['application/x-cfb', DetectedType.Document],
    ['application/zip', DetectedType.Archive],
    ['application/gzip', DetectedType.Archive],
    ['application/x-7z-compressed', DetectedType.Archive],
    ['application/x-rar-compressed', DetectedType.Archive],
    ['application/octet-stream', DetectedType.Other],
    ['application/x-msdownload', DetectedType.Other],
    ['IMAGE/PNG', DetectedType.Image],
  ])('%s is %s', (mime, expected) => {
    expect(detectedTypeOf(mime)).toBe(expected);
  });
});
