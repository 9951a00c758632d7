import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { FilterQuery, Model, Types } from 'mongoose';
import { findPage, ListQueryDto, ListSpec, PageResponse } from '@app/common';
import { Quote, QuoteStatus } from './quote.schema';

export type QuoteRecord = Pick<Quote, keyof Quote>;
export type QuoteSummaryRecord = Omit<QuoteRecord, 'lines'>;

export const QUOTE_LIST_SPEC: ListSpec = {
  filters: {
    status: { field: 'status' },
    project_id: { field: 'project_id', type: 'objectId' },
    customer_id: { field: 'customer_id', type: 'objectId' },
  },
  sortable: ['created_at'],
  defaultSort: '-created_at',
  projection: { lines: 0 },
};

/** Every query on `quotes`; the only code that holds the model. */
@Injectable()
export class QuotesRepository {
  constructor(@InjectModel(Quote.name) private readonly quotes: Model<Quote>) {}

  async create(quote: Omit<QuoteRecord, '_id' | 'status' | 'sent_at' | 'decided_at' | 'invoice_id' | 'created_at' | 'updated_at'>): Promise<QuoteRecord> {
    const created = await this.quotes.create({ ...quote, status: QuoteStatus.Draft });
    return created.toObject<QuoteRecord>();
  }

  findById(id: string | Types.ObjectId): Promise<QuoteRecord | null> {
    if (!Types.ObjectId.isValid(String(id))) return Promise.resolve(null);
    return this.quotes.findById(id).lean<QuoteRecord>().exec();
  }

  page(query: ListQueryDto & Record<string, unknown>, scope: FilterQuery<Quote>): Promise<PageResponse<QuoteSummaryRecord>> {
    return findPage<Quote, QuoteSummaryRecord>(this.quotes, query, QUOTE_LIST_SPEC, scope);
  }

  /** One conditional status move; null when the quote is no longer in `from` (or, with `validAt`, past valid_until). */
  transition(id: Types.ObjectId, from: QuoteStatus, to: QuoteStatus, set: Partial<QuoteRecord>, validAt?: Date): Promise<QuoteRecord | null> {
    const filter: FilterQuery<Quote> = { _id: id, status: from, ...(validAt ? { valid_until: { $gte: validAt } } : {}) };
    return this.quotes.findOneAndUpdate(filter, { $set: { status: to, ...set } }, { new: true }).lean<QuoteRecord>().exec();
  }

  async linkInvoice(id: Types.ObjectId, invoiceId: Types.ObjectId): Promise<void> {
    await this.quotes.updateOne({ _id: id, invoice_id: null }, { $set: { invoice_id: invoiceId } });
  }

  async deleteDraft(id: Types.ObjectId): Promise<boolean> {
    return (await this.quotes.deleteOne({ _id: id, status: QuoteStatus.Draft })).deletedCount === 1;
  }

  /** Sent quotes past valid_until → expired. */
  async expireDue(now: Date): Promise<number> {
    const result = await this.quotes.updateMany({ status: QuoteStatus.Sent, valid_until: { $lt: now } }, { $set: { status: QuoteStatus.Expired, decided_at: now } });
    return result.modifiedCount;
  }
}
