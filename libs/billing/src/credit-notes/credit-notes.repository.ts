import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, Types } from 'mongoose';
import { CreditNote } from './credit-note.schema';

export type CreditNoteRecord = Pick<CreditNote, keyof CreditNote>;

/** Every query on `credit_notes`; the only code that holds the model. */
@Injectable()
export class CreditNotesRepository {
  constructor(@InjectModel(CreditNote.name) private readonly notes: Model<CreditNote>) {}

  /** Throws the duplicate-key error when `number` is held (DocumentNumbersService retries with the next). */
  async create(note: Omit<CreditNoteRecord, 'created_at' | 'updated_at'>): Promise<CreditNoteRecord> {
    const created = await this.notes.create(note);
    return created.toObject<CreditNoteRecord>();
  }

  findById(id: Types.ObjectId): Promise<CreditNoteRecord | null> {
    return this.notes.findById(id).lean<CreditNoteRecord>().exec();
  }

  listForInvoice(invoiceId: Types.ObjectId): Promise<CreditNoteRecord[]> {
    return this.notes.find({ invoice_id: invoiceId }).sort({ created_at: 1, _id: 1 }).lean<CreditNoteRecord[]>().exec();
  }

  issuedBetween(from: Date, to: Date): Promise<Pick<CreditNoteRecord, 'amount' | 'currency' | 'issued_at'>[]> {
    return this.notes.find({ issued_at: { $gte: from, $lt: to } }, { _id: 0, amount: 1, currency: 1, issued_at: 1 }).lean<Pick<CreditNoteRecord, 'amount' | 'currency' | 'issued_at'>[]>().exec();
  }
}
