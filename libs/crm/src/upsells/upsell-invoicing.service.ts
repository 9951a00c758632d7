import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, Types } from 'mongoose';
import { Upsell, UpsellPaymentStatus } from './upsell.schema';

/** A paid upsell as an invoice line source. */
export type InvoiceableUpsellRecord = {
  _id: Types.ObjectId;
  description: string;
  /** Major units, as upsells store it. */
  amount: number;
  currency: string;
  paid_at: Date | null;
};

type ClaimWindow = { from: Date; to: Date };

const claimable = (projectId: Types.ObjectId, window: ClaimWindow) => ({
  project_id: projectId,
  payment_status: UpsellPaymentStatus.Paid,
  invoice_id: null,
  paid_at: { $gte: window.from, $lt: window.to },
});

/**
 * The crm side of invoicing (libs/billing calls it): paid upsells not yet invoiced are claimed by
 * one conditional update (`invoice_id` set only where it is null), so each is invoiced once.
 */
@Injectable()
export class UpsellInvoicingService {
  constructor(@InjectModel(Upsell.name) private readonly upsells: Model<Upsell>) {}

  async unclaimedCurrencies(projectId: Types.ObjectId, window: ClaimWindow): Promise<string[]> {
    return (await this.upsells.distinct('currency', claimable(projectId, window))) as string[];
  }

  async claimPaid(projectId: Types.ObjectId, window: ClaimWindow, invoiceId: Types.ObjectId): Promise<void> {
    await this.upsells.updateMany(claimable(projectId, window), { $set: { invoice_id: invoiceId } });
  }

  claimedBy(projectId: Types.ObjectId, invoiceId: Types.ObjectId): Promise<InvoiceableUpsellRecord[]> {
    return this.upsells
      .find({ project_id: projectId, invoice_id: invoiceId }, { description: 1, amount: 1, currency: 1, paid_at: 1 })
      .sort({ paid_at: 1, _id: 1 })
      .lean<InvoiceableUpsellRecord[]>()
      .exec();
  }

  /** Gives the invoice's upsells back (a voided or deleted draft): idempotent. */
  async release(projectId: Types.ObjectId, invoiceId: Types.ObjectId): Promise<void> {
    await this.upsells.updateMany({ project_id: projectId, invoice_id: invoiceId }, { $set: { invoice_id: null } });
  }
}
