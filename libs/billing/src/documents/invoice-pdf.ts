import PDFDocument from 'pdfkit';
import { DocumentLineRecord } from '../money/document-line';
import { formatBasisPoints, formatMinor } from '../money/money';

export interface InvoicePdfInput {
  agency: { name: string; addressLines: string[]; taxId: string; email: string; paymentDetails: string };
  customer: { name: string; company_name: string | null; email: string | null; addressLines: string[] };
  title: string;
  number: string;
  status: string;
  currency: string;
  issued_at: Date | null;
  due_date: Date | null;
  period: string | null;
  lines: DocumentLineRecord[];
  subtotal: number;
  tax_total: number;
  total: number;
  amount_paid: number;
  amount_credited: number;
  amount_due: number;
  notes: string | null;
}

const MARGIN = 50;
const COLUMNS = { description: 50, quantity: 300, unit: 355, tax: 430, amount: 480 };
const day = (date: Date | null) => (date ? date.toISOString().slice(0, 10) : '—');
const quantity = (milli: number) => (milli % 1000 === 0 ? String(milli / 1000) : (milli / 1000).toFixed(3).replace(/0+$/, ''));

/**
 * An invoice as a PDF (pdfkit, built-in Helvetica): agency, customer, lines with their tax rate,
 * tax and totals, due date, and "Page n of m" on every page (pages are buffered, then numbered).
 */
export function renderInvoicePdf(input: InvoicePdfInput): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: MARGIN, bufferPages: true, info: { Title: `${input.title} ${input.number}`, Author: input.agency.name } });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const money = (minor: number) => formatMinor(minor, input.currency);
  const bottom = () => doc.page.height - MARGIN - 30;

  doc.font('Helvetica-Bold').fontSize(16).text(input.agency.name, MARGIN, MARGIN);
  doc.font('Helvetica').fontSize(9);
  for (const line of input.agency.addressLines) doc.text(line);
  if (input.agency.email) doc.text(input.agency.email);
  if (input.agency.taxId) doc.text(`Tax ID: ${input.agency.taxId}`);

  doc.font('Helvetica-Bold').fontSize(20).text(`${input.title} ${input.number}`, 300, MARGIN, { width: 245, align: 'right' });
  doc.font('Helvetica').fontSize(9);
  doc.text(`Status: ${input.status}`, 300, doc.y, { width: 245, align: 'right' });
  doc.text(`Issued: ${day(input.issued_at)}`, { width: 245, align: 'right' });
  doc.text(`Due: ${day(input.due_date)}`, { width: 245, align: 'right' });
  if (input.period) doc.text(`Period: ${input.period}`, { width: 245, align: 'right' });

  doc.moveDown(2);
  doc.font('Helvetica-Bold').fontSize(10).text('Bill to', MARGIN, Math.max(doc.y, 150));
  doc.font('Helvetica').fontSize(9).text(input.customer.name);
  if (input.customer.company_name) doc.text(input.customer.company_name);
  for (const line of input.customer.addressLines) doc.text(line);
  if (input.customer.email) doc.text(input.customer.email);
  doc.moveDown(1.5);

  const header = () => {
    const y = doc.y;
    doc.font('Helvetica-Bold').fontSize(9);
    doc.text('Description', COLUMNS.description, y, { width: 240 });
    doc.text('Qty', COLUMNS.quantity, y, { width: 50, align: 'right' });
    doc.text(`Unit (${input.currency})`, COLUMNS.unit, y, { width: 70, align: 'right' });
    doc.text('Tax %', COLUMNS.tax, y, { width: 45, align: 'right' });
    doc.text(`Amount`, COLUMNS.amount, y, { width: 65, align: 'right' });
    doc.moveTo(MARGIN, doc.y + 2).lineTo(545, doc.y + 2).stroke();
    doc.moveDown(0.5);
    doc.font('Helvetica').fontSize(9);
  };
  header();
  for (const line of input.lines) {
    const height = doc.heightOfString(line.description, { width: 240 });
    if (doc.y + height > bottom()) {
      doc.addPage();
      header();
    }
    const y = doc.y;
    doc.text(line.description, COLUMNS.description, y, { width: 240 });
    const after = doc.y;
    doc.text(quantity(line.quantity_milli), COLUMNS.quantity, y, { width: 50, align: 'right' });
    doc.text(money(line.unit_price), COLUMNS.unit, y, { width: 70, align: 'right' });
    doc.text(formatBasisPoints(line.tax_rate), COLUMNS.tax, y, { width: 45, align: 'right' });
    doc.text(money(line.subtotal), COLUMNS.amount, y, { width: 65, align: 'right' });
    doc.y = Math.max(after, doc.y) + 3;
  }

  const totals: [string, number][] = [
    ['Subtotal', input.subtotal],
    ['Tax', input.tax_total],
    ['Total', input.total],
    ...(input.amount_paid ? ([['Paid', input.amount_paid]] as [string, number][]) : []),
    ...(input.amount_credited ? ([['Credited', input.amount_credited]] as [string, number][]) : []),
    ['Amount due', input.amount_due],
  ];
  if (doc.y + totals.length * 14 + 40 > bottom()) doc.addPage();
  doc.moveTo(300, doc.y + 4).lineTo(545, doc.y + 4).stroke();
  doc.moveDown(0.8);
  for (const [label, amount] of totals) {
    const y = doc.y;
    doc.font(label === 'Total' || label === 'Amount due' ? 'Helvetica-Bold' : 'Helvetica');
    doc.text(label, 300, y, { width: 150 });
    doc.text(`${money(amount)} ${input.currency}`, 430, y, { width: 115, align: 'right' });
  }
  doc.font('Helvetica').moveDown(1.5);
  if (input.due_date) doc.text(`Please pay ${money(input.amount_due)} ${input.currency} by ${day(input.due_date)}.`, MARGIN, doc.y, { width: 495 });
  if (input.agency.paymentDetails) doc.text(input.agency.paymentDetails, MARGIN, doc.y, { width: 495 });
  if (input.notes) doc.moveDown().text(input.notes, MARGIN, doc.y, { width: 495 });

  const range = doc.bufferedPageRange();
  for (let index = range.start; index < range.start + range.count; index++) {
    doc.switchToPage(index);
    const footerY = doc.page.height - MARGIN;
    // Writing inside the bottom margin would make pdfkit open a page: lift the margin while numbering.
    doc.page.margins.bottom = 0;
    doc.fontSize(8).text(`Page ${index - range.start + 1} of ${range.count}`, MARGIN, footerY, { width: 495, align: 'center', lineBreak: false });
    doc.page.margins.bottom = MARGIN;
  }
  doc.end();
  return done;
}
