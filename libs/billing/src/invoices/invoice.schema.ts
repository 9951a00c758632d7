import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Schema as MongooseSchema, Types } from 'mongoose';
import { DocumentLine, DocumentLineSchema } from '../money/document-line';

/**
 * `pending`: being assembled (its source items are being claimed) or being discarded — never
 * shown; the repair job releases and removes one left behind by a crash. `paid`: nothing is due
 * (payments and credit notes cover the total). `overdue` is set by the job past the due date.
 */
export enum InvoiceStatus {
  Pending = 'pending',
  Draft = 'draft',
  Issued = 'issued',
  PartiallyPaid = 'partially_paid',
  Overdue = 'overdue',
  Paid = 'paid',
  Void = 'void',
}

/** Statuses that take payments and credit notes. */
export const OPEN_INVOICE_STATUSES = [InvoiceStatus.Issued, InvoiceStatus.PartiallyPaid, InvoiceStatus.Overdue];
/** Statuses that hold a number and count as invoiced (reports, export). */
export const ISSUED_INVOICE_STATUSES = [...OPEN_INVOICE_STATUSES, InvoiceStatus.Paid];
/** Statuses anyone sees (pending is internal). */
export const VISIBLE_INVOICE_STATUSES = Object.values(InvoiceStatus).filter((status) => status !== InvoiceStatus.Pending);

const integer = { validator: Number.isInteger, message: '{PATH} must be a whole number of minor units' };

@Schema({ collection: 'invoices', timestamps: { createdAt: 'created_at', updatedAt: 'updated_at' } })
export class Invoice {
  _id: Types.ObjectId;

  @Prop({ type: MongooseSchema.Types.ObjectId, ref: 'Project', required: true })
  project_id: Types.ObjectId;

  /** The project's customer when drafted: the row-level rule for sales users reads it. */
  @Prop({ type: MongooseSchema.Types.ObjectId, ref: 'Customer', required: true })
  customer_id: Types.ObjectId;

  @Prop({ required: true, enum: InvoiceStatus, type: String })
  status: InvoiceStatus;

  /** INV-YYYY-NNNNNN, set when issued; absent (not null) on drafts so the unique sparse index skips them. */
  @Prop({ type: String })
  number?: string;

  /** ISO 4217; one currency per invoice. */
  @Prop({ required: true, match: /^[A-Z]{3}$/ })
  currency: string;

  /** The period whose unbilled items it bills: [period_from, period_to). Null for a quote's invoice. */
  @Prop({ type: Date, default: null })
  period_from: Date | null;

  @Prop({ type: Date, default: null })
  period_to: Date | null;

  @Prop({ type: [DocumentLineSchema], default: [] })
  lines: DocumentLine[];

  @Prop({ required: true, default: 0, validate: integer })
  subtotal: number;

  @Prop({ required: true, default: 0, validate: integer })
  tax_total: number;

  @Prop({ required: true, default: 0, validate: integer })
  total: number;

  @Prop({ required: true, default: 0, min: 0, validate: integer })
  amount_paid: number;

  @Prop({ required: true, default: 0, min: 0, validate: integer })
  amount_credited: number;

  /** total − amount_paid − amount_credited; payments and credit notes are conditional on it, so it never goes below 0. */
  @Prop({ required: true, default: 0, min: 0, validate: integer })
  amount_due: number;

  /** Payments and credit notes applied: the conditional update that applies one also records it, so a retry applies it once. */
  @Prop({ type: [{ type: MongooseSchema.Types.ObjectId }], default: [] })
  payment_ids: Types.ObjectId[];

  @Prop({ type: [{ type: MongooseSchema.Types.ObjectId }], default: [] })
  credit_note_ids: Types.ObjectId[];

  @Prop({ type: Date, default: null })
  issued_at: Date | null;

  @Prop({ type: Date, default: null })
  due_date: Date | null;

  @Prop({ type: Date, default: null })
  paid_at: Date | null;

  @Prop({ type: Date, default: null })
  voided_at: Date | null;

  @Prop({ type: String, default: null, maxlength: 500 })
  void_reason: string | null;

  /** Set once a voided invoice's source items are given back; the repair job finishes one a crash interrupted. */
  @Prop({ type: Date, default: null })
  items_released_at: Date | null;

  /** When a pending invoice started; the repair job removes one older than BILLING_PENDING_REPAIR_MINUTES. */
  @Prop({ type: Date, default: null })
  pending_since: Date | null;

  /** The overdue job's one notification per invoice. */
  @Prop({ type: Date, default: null })
  overdue_notified_at: Date | null;

  /** The accepted quote this invoice was drafted from (unique: a quote becomes one invoice). */
  @Prop({ type: MongooseSchema.Types.ObjectId, ref: 'Quote' })
  quote_id?: Types.ObjectId;

  @Prop({ type: String, default: null, maxlength: 2000 })
  notes: string | null;

  @Prop({ type: MongooseSchema.Types.ObjectId, ref: 'User', required: true })
  created_by: Types.ObjectId;

  created_at: Date;
  updated_at: Date;
}

export const InvoiceSchema = SchemaFactory.createForClass(Invoice);
InvoiceSchema.index({ number: 1 }, { unique: true, sparse: true });
InvoiceSchema.index({ quote_id: 1 }, { unique: true, sparse: true });
// Default sort and filters of GET /invoices.
InvoiceSchema.index({ created_at: -1 });
InvoiceSchema.index({ status: 1, created_at: -1 });
InvoiceSchema.index({ project_id: 1, created_at: -1 });
InvoiceSchema.index({ customer_id: 1, created_at: -1 });
// The overdue job and AR aging; the revenue report and the export by issue date.
InvoiceSchema.index({ status: 1, due_date: 1 });
InvoiceSchema.index({ issued_at: 1 });
// The repair job.
InvoiceSchema.index({ status: 1, pending_since: 1 });
InvoiceSchema.index({ status: 1, items_released_at: 1 });
