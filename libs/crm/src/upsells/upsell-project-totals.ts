import { Global, Injectable, Module } from '@nestjs/common';
import { InjectModel, MongooseModule } from '@nestjs/mongoose';
import { FilterQuery, Model, Types } from 'mongoose';
import { MonthCurrencyGroup, PaidRange, PROJECT_UPSELL_SOURCE, ProjectUpsellSource, UpsellTotals } from '@app/projects';
import { Upsell, UpsellPaymentStatus, UpsellSchema } from './upsell.schema';

const PAID = UpsellPaymentStatus.Paid;

/** What @app/projects reads of upsells (financials, revenue by month, the delete guard), answered by their owner. */
@Injectable()
export class UpsellProjectTotals implements ProjectUpsellSource {
  constructor(@InjectModel(Upsell.name) private readonly upsells: Model<Upsell>) {}

  async paidTotalsFor(projectIds: readonly Types.ObjectId[]): Promise<Map<string, UpsellTotals>> {
    if (!projectIds.length) return new Map();
    const rows = await this.upsells.aggregate<{ _id: Types.ObjectId; total: number; count: number }>([
      { $match: { project_id: { $in: projectIds }, payment_status: PAID, deleted_at: null } },
      { $group: { _id: '$project_id', total: { $sum: '$amount' }, count: { $sum: 1 } } },
    ]);
    return new Map(rows.map((row) => [String(row._id), { total: row.total, count: row.count }]));
  }

  paidByMonth(range: PaidRange, currency?: string): Promise<MonthCurrencyGroup[]> {
    const paidAt = range.from || range.to ? { ...(range.from ? { $gte: range.from } : {}), ...(range.to ? { $lt: range.to } : {}) } : { $ne: null };
    const match: FilterQuery<Upsell> = { payment_status: PAID, paid_at: paidAt, deleted_at: null, ...(currency ? { currency } : {}) };
    return this.upsells
      .aggregate<MonthCurrencyGroup>([
        { $match: match },
        { $group: { _id: { year: { $year: '$paid_at' }, month: { $month: '$paid_at' }, currency: '$currency' }, amount: { $sum: '$amount' }, count: { $sum: 1 } } },
      ])
      .exec();
  }

  countForProject(projectId: Types.ObjectId): Promise<number> {
    return this.upsells.countDocuments({ project_id: projectId, deleted_at: null }).exec();
  }
}

/**
 * Binds ProjectUpsellSource for ProjectsModule. Global because projects sits below crm: ProjectsModule
 * cannot import UpsellsModule (crm imports projects), so the token is resolved from here.
 */
@Global()
@Module({
  imports: [MongooseModule.forFeature([{ name: Upsell.name, schema: UpsellSchema }])],
  providers: [UpsellProjectTotals, { provide: PROJECT_UPSELL_SOURCE, useExisting: UpsellProjectTotals }],
  exports: [PROJECT_UPSELL_SOURCE],
})
export class UpsellProjectTotalsModule {}
