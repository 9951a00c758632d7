import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, Types } from 'mongoose';
import { CreditNote, CreditNoteState } from './credit-note.schema';

export type CreditNoteRecord = Pick<CreditNote, keyof CreditNote>;

/** Every query on `credit_notes`; the only code that holds the model. */
@Injectable()
export class CreditNotesRepository {
  constructor(@InjectModel(CreditNote.name) private readonly notes: Model<CreditNote>) {}

  async createPending(note: Omit<CreditNoteRecord, 'number' | 'state' | 'issued_at' | 'created_at' | 'updated_at'>): Promise<CreditNoteRecord> {
    const created = await this.notes.create({ ...note, state: CreditNoteState.Pending });
    return created.toObject<CreditNoteRecord>();
  }

  /** pending → issued with its number; throws the duplicate-key error when `number` is held (DocumentNumbersService retries with the next). */
  issue(id: Types.ObjectId, number: string, issuedAt: Date): Promise<CreditNoteRecord | null> {
    return this.notes
      .findOneAndUpdate({ _id: id, state: CreditNoteState.Pending }, { $set: { state: CreditNoteState.Issued, number, issued_at: issuedAt } }, { new: true })
      .lean<CreditNoteRecord>()
      .exec();
  }

  findById(id: Types.ObjectId): Promise<CreditNoteRecord | null> {
    return this.notes.findById(id).lean<CreditNoteRecord>().exec();
  }

  async deletePending(id: Types.ObjectId): Promise<void> {
    await this.notes.deleteOne({ _id: id, state: CreditNoteState.Pending });
  }

  listForInvoice(invoiceId: Types.ObjectId): Promise<CreditNoteRecord[]> {
    return this.notes.find({ invoice_id: invoiceId, state: CreditNoteState.Issued }).sort({ created_at: 1, _id: 1 }).lean<CreditNoteRecord[]>().exec();
  }

  stalePending(cutoff: Date): Promise<CreditNoteRecord[]> {
    return this.notes.find({ state: CreditNoteState.Pending, created_at: { $lt: cutoff } }).lean<CreditNoteRecord[]>().exec();
  }

  issuedBetween(from: Date, to: Date): Promise<{ amount: number; currency: string; issued_at: Date }[]> {
    return this.notes
      .find({ state: CreditNoteState.Issued, issued_at: { $gte: from, $lt: to } }, { _id: 0, amount: 1, currency: 1, issued_at: 1 })
      .lean<{ amount: number; currency: string; issued_at: Date }[]>()
      .exec();
  }
}
