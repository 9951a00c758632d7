import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, PipelineStage, Types } from 'mongoose';
import { badRequest } from '@app/common';
import { UserDirectory } from '@app/auth';
import { UpsellRevenueQueryDto } from './dto/upsell-revenue-query.dto';
import { UpsellRevenueReportResponse } from './dto/upsell-revenue.response';
import { Upsell, UpsellPaymentStatus } from './upsell.schema';
import { AgentGroup, agentRows, MonthGroup, monthRows, StatusGroup, statusRows, TotalsGroup, totalsRows } from './upsell-revenue';

const PAID = UpsellPaymentStatus.Paid;
const whenPaid = (value: unknown) => ({ $cond: [{ $eq: ['$payment_status', PAID] }, value, 0] });

/** Upsell revenue by month, agent and payment status: one aggregation, every figure per currency. */
@Injectable()
export class UpsellRevenueService {
  constructor(
    @InjectModel(Upsell.name) private readonly upsells: Model<Upsell>,
    private readonly people: UserDirectory,
  ) {}

  async report(query: UpsellRevenueQueryDto): Promise<UpsellRevenueReportResponse> {
    if (query.from && query.to && query.from.getTime() >= query.to.getTime()) {
      throw badRequest(`from (${query.from.toISOString()}) must be before to (${query.to.toISOString()})`, [{ field: 'from', message: 'must be before to' }]);
    }
    const match: Record<string, unknown> = {};
    if (query.from || query.to) match.created_at = { ...(query.from ? { $gte: query.from } : {}), ...(query.to ? { $lt: query.to } : {}) };
    if (query.project_id) match.project_id = new Types.ObjectId(query.project_id);
    if (query.sold_by) match.sold_by = new Types.ObjectId(query.sold_by);
    if (query.currency) match.currency = query.currency;

    const pipeline: PipelineStage[] = [
      { $match: match },
      {
        $facet: {
          by_month: [
            { $match: { payment_status: PAID, paid_at: { $ne: null } } },
            { $group: { _id: { year: { $year: '$paid_at' }, month: { $month: '$paid_at' }, currency: '$currency' }, revenue: { $sum: '$amount' }, count: { $sum: 1 } } },
          ],
          by_agent: [
            { $group: { _id: { sold_by: '$sold_by', currency: '$currency' }, count: { $sum: 1 }, paid_count: { $sum: whenPaid(1) }, revenue: { $sum: whenPaid('$amount') } } },
          ],
          by_payment_status: [{ $group: { _id: { payment_status: '$payment_status', currency: '$currency' }, count: { $sum: 1 }, amount: { $sum: '$amount' } } }],
          totals: [
            {
              $group: {
                _id: '$currency',
                count: { $sum: 1 },
                paid_count: { $sum: whenPaid(1) },
                revenue: { $sum: whenPaid('$amount') },
                refunded: { $sum: { $cond: [{ $eq: ['$payment_status', UpsellPaymentStatus.Refunded] }, '$amount', 0] } },
              },
            },
          ],
        },
      },
    ];
    const [result] = await this.upsells.aggregate<{ by_month: MonthGroup[]; by_agent: AgentGroup[]; by_payment_status: StatusGroup[]; totals: TotalsGroup[] }>(pipeline);
    const names = await this.people.namesOf(result.by_agent.map((g) => g._id.sold_by.toHexString()));
    return {
      from: query.from ?? null,
      to: query.to ?? null,
      by_month: monthRows(result.by_month),
      by_agent: agentRows(result.by_agent, names),
      by_payment_status: statusRows(result.by_payment_status),
      totals: totalsRows(result.totals),
    };
  }
}
