import { execFileSync } from 'child_process';

const EXTRACT = `
const { PDFParse } = require('pdf-parse');
const chunks = [];
process.stdin.on('data', (c) => chunks.push(c));
process.stdin.on('end', async () => {
  const parser = new PDFParse({ data: new Uint8Array(Buffer.concat(chunks)) });
  const result = await parser.getText();
  await parser.destroy();
  process.stdout.write(JSON.stringify({ text: result.text, pages: result.total }));
});
`;

/**
 * A PDF's text and page count (pdf-parse). pdf-parse loads pdf.js with a dynamic import that
 * jest's CommonJS VM refuses, so it runs in a plain Node child process.
 */
export function pdfText(pdf: Buffer): { text: string; pages: number } {
  const output = execFileSync(process.execPath, ['-e', EXTRACT], { input: pdf, cwd: process.cwd(), timeout: 30_000, maxBuffer: 32 * 1024 * 1024 });
  return JSON.parse(output.toString('utf8'));
}
