import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, Types } from 'mongoose';
import { Payment, PaymentState } from './payment.schema';

export type PaymentRecord = Pick<Payment, keyof Payment>;
export type NewPayment = Omit<PaymentRecord, 'state' | 'project_applied' | 'created_at' | 'updated_at'>;

/** Every query on `payments`; the only code that holds the model. */
@Injectable()
export class PaymentsRepository {
  constructor(@InjectModel(Payment.name) private readonly payments: Model<Payment>) {}

  async createPending(payment: NewPayment): Promise<PaymentRecord> {
    const created = await this.payments.create({ ...payment, state: PaymentState.Pending, project_applied: false });
    return created.toObject<PaymentRecord>();
  }

  async deletePending(id: Types.ObjectId): Promise<void> {
    await this.payments.deleteOne({ _id: id, state: PaymentState.Pending });
  }

  async markRecorded(id: Types.ObjectId): Promise<void> {
    await this.payments.updateOne({ _id: id }, { $set: { state: PaymentState.Recorded } });
  }

  async markProjectApplied(id: Types.ObjectId): Promise<void> {
    await this.payments.updateOne({ _id: id }, { $set: { project_applied: true } });
  }

  listForInvoice(invoiceId: Types.ObjectId): Promise<PaymentRecord[]> {
    return this.payments.find({ invoice_id: invoiceId, state: PaymentState.Recorded }).sort({ created_at: 1, _id: 1 }).lean<PaymentRecord[]>().exec();
  }

  stalePending(cutoff: Date): Promise<PaymentRecord[]> {
    return this.payments.find({ state: PaymentState.Pending, created_at: { $lt: cutoff } }).lean<PaymentRecord[]>().exec();
  }

  recordedNotOnProject(): Promise<PaymentRecord[]> {
    return this.payments.find({ project_applied: false, state: PaymentState.Recorded }).lean<PaymentRecord[]>().exec();
  }
}
