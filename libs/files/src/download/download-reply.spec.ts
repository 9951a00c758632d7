import { servedContentType } from './download-reply';

describe('servedContentType', () => {
  it('serves XML-family and HTML types stored before detection refused them as text/plain', () => {
    for (const stored of ['image/svg+xml', 'application/xml', 'text/xml', 'application/xhtml+xml', 'text/html', 'application/rss+xml', 'Image/SVG+XML; charset=utf-8', 'application/xslt+xml']) {
      expect(servedContentType(stored)).toBe('text/plain');
    }
  });

  it('keeps ordinary detected types (Office Open XML is a zip, not markup)', () => {
    expect(servedContentType('image/png')).toBe('image/png');
    expect(servedContentType('application/pdf')).toBe('application/pdf');
    expect(servedContentType('application/vnd.openxmlformats-officedocument.wordprocessingml.document')).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
  });

  it('serves anything that is not a plain media type as binary', () => {
    for (const stored of ['', 'nonsense', 'text/plain\r\nx-injected: 1', null, undefined]) expect(servedContentType(stored)).toBe('application/octet-stream');
  });
});
