import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { quantityAmount, taxAmount, timeAmount } from './money';

/** Where an invoice line comes from; `manual` lines are typed in, the others are claimed source items. */
export enum LineKind {
  Time = 'time',
  Recurring = 'recurring',
  Upsell = 'upsell',
  Manual = 'manual',
}

const integer = { validator: Number.isInteger, message: '{PATH} must be a whole number' };

/** One line of an invoice or quote. Amounts in integer minor units of the document's currency. */
@Schema({ _id: false })
export class DocumentLine {
  @Prop({ required: true, enum: LineKind, type: String })
  kind: LineKind;

  @Prop({ required: true, trim: true, maxlength: 500 })
  description: string;

  /** Thousandths of a unit (hours for time lines): 1500 = 1.5. */
  @Prop({ required: true, min: 0, validate: integer })
  quantity_milli: number;

  @Prop({ required: true, min: 0, validate: integer })
  unit_price: number;

  /** Basis points: 2000 = 20.00 %. */
  @Prop({ required: true, min: 0, max: 10_000, validate: integer })
  tax_rate: number;

  /** Time lines: the minutes billed (the amount is minutes × rate / 60, not the rounded quantity). */
  @Prop({ type: Number, default: null })
  minutes: number | null;

  @Prop({ required: true, validate: integer })
  subtotal: number;

  @Prop({ required: true, validate: integer })
  tax: number;

  @Prop({ required: true, validate: integer })
  total: number;

  /** Time entries, billed periods (their start) or upsells this line bills. */
  @Prop({ type: [String], default: [] })
  source_refs: string[];
}
export const DocumentLineSchema = SchemaFactory.createForClass(DocumentLine);

export type DocumentLineRecord = Pick<DocumentLine, keyof DocumentLine>;

export type DocumentTotals = { subtotal: number; tax_total: number; total: number };

/** A typed-in line: quantity × unit price. */
export function manualLine(input: { description: string; quantity_milli: number; unit_price: number; tax_rate: number }): DocumentLineRecord {
  const subtotal = quantityAmount(input.quantity_milli, input.unit_price);
  return withTax({ kind: LineKind.Manual, ...input, minutes: null, subtotal, source_refs: [] });
}

/** Time billed at an hourly rate; quantity shows hours, the amount comes from the exact minutes. */
export function timeLine(input: { description: string; minutes: number; hourly_rate: number; tax_rate: number; source_refs: string[] }): DocumentLineRecord {
  return withTax({
    kind: LineKind.Time,
    description: input.description,
    quantity_milli: Math.round((input.minutes * 1000) / 60),
    unit_price: input.hourly_rate,
    tax_rate: input.tax_rate,
    minutes: input.minutes,
    subtotal: timeAmount(input.minutes, input.hourly_rate),
    source_refs: input.source_refs,
  });
}

/** One fixed amount (a billed period, an upsell). */
export function fixedLine(kind: LineKind.Recurring | LineKind.Upsell, input: { description: string; amount: number; tax_rate: number; source_refs: string[] }): DocumentLineRecord {
  return withTax({ kind, description: input.description, quantity_milli: 1000, unit_price: input.amount, tax_rate: input.tax_rate, minutes: null, subtotal: input.amount, source_refs: input.source_refs });
}

function withTax(line: Omit<DocumentLineRecord, 'tax' | 'total'>): DocumentLineRecord {
  const tax = taxAmount(line.subtotal, line.tax_rate);
  return { ...line, tax, total: line.subtotal + tax };
}

/** Totals are sums of the rounded lines, so the printed lines always add up. */
export function documentTotals(lines: DocumentLineRecord[]): DocumentTotals {
  const subtotal = lines.reduce((sum, line) => sum + line.subtotal, 0);
  const tax_total = lines.reduce((sum, line) => sum + line.tax, 0);
  return { subtotal, tax_total, total: subtotal + tax_total };
}

