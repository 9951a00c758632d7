import { Inject, Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, PipelineStage, Types } from 'mongoose';
import { badRequest, notFound } from '@app/common';
import { roundMoney } from '../projects/project-rules';
import { BillingType, Project, ProjectStatus } from '../projects/project.schema';
import { ProjectService, ServiceCategory, ServiceStatus } from '../services/project-service.schema';
import { PROJECT_UPSELL_SOURCE, ProjectUpsellSource } from '../sources/project-sources';
import { ProjectFinancialsQueryDto, ServiceUsageQueryDto } from './dto/project-report-query.dto';
import { FinancialTotals, ProjectFinancialsReportResponse, ProjectFinancialsRow } from './dto/project-financials.response';
import { ServiceUsageReportResponse, ServiceUsageTotals } from './dto/service-usage.response';
import { RevenueByMonthQueryDto } from './dto/revenue-query.dto';
import { RevenueByMonthReportResponse } from './dto/revenue-by-month.response';
import { mergeRevenue, MonthCurrencyGroup } from './revenue-by-month';

interface UsageGroup {
  _id: unknown;
  projects: Types.ObjectId[];
  count: number;
  revenue: number;
  categories?: ServiceCategory[];
}

interface FinancialsRow {
  _id: Types.ObjectId;
  name: string;
  status: ProjectStatus;
  billing_type: BillingType;
  currency: string;
  budget: number;
  amount_paid: number;
  billed_recurring: number;
  billed_periods: number;
}

/** Reports over projects and their services, each one aggregation pipeline. */
@Injectable()
export class ProjectReportsService {
  constructor(
    @InjectModel(Project.name) private readonly projects: Model<Project>,
    @InjectModel(ProjectService.name) private readonly services: Model<ProjectService>,
    /** Upsells are @app/crm's: their totals come from their owner. */
    @Inject(PROJECT_UPSELL_SOURCE) private readonly upsells: ProjectUpsellSource,
  ) {}

  /**
   * Revenue by calendar month (UTC) and currency: recurring billing periods by `billed_at` and
   * paid upsells by `paid_at`. Deleted projects keep their billed history (revenue that happened
   * stays reported); refunded upsells are not revenue.
   */
  async revenueByMonth(query: RevenueByMonthQueryDto): Promise<RevenueByMonthReportResponse> {
    if (query.from && query.to && query.from.getTime() >= query.to.getTime()) {
      throw badRequest(`from (${query.from.toISOString()}) must be before to (${query.to.toISOString()})`, [{ field: 'from', message: 'must be before to' }]);
    }
    const range = query.from || query.to ? { ...(query.from ? { $gte: query.from } : {}), ...(query.to ? { $lt: query.to } : {}) } : { $ne: null };
    const byMonth = (date: string, currency: string, amount: string) => ({
      $group: { _id: { year: { $year: date }, month: { $month: date }, currency }, amount: { $sum: amount }, count: { $sum: 1 } },
    });
    const entryMatch: Record<string, unknown> = { 'billing_history.billed_at': range };
    if (query.currency) entryMatch['billing_history.currency'] = query.currency;

    const [billing, upsells] = await Promise.all([
      this.projects
        .aggregate<MonthCurrencyGroup>([
          { $match: { billing_history: { $elemMatch: { billed_at: range } } } },
          { $unwind: '$billing_history' },
          { $match: entryMatch },
          byMonth('$billing_history.billed_at', '$billing_history.currency', '$billing_history.amount'),
        ])
        .option({ withDeleted: true } as Record<string, unknown>),
      this.upsells.paidByMonth({ from: query.from, to: query.to }, query.currency),
    ]);
    return { from: query.from ?? null, to: query.to ?? null, ...mergeRevenue(billing, upsells) };
  }

  /** Services by name and by category: distinct projects, count and revenue (sum of prices). */
  async serviceUsage(query: ServiceUsageQueryDto): Promise<ServiceUsageReportResponse> {
    const match: Record<string, unknown> = { status: query.status ?? { $ne: ServiceStatus.Cancelled } };
    if (query.category) match.category = query.category;
    if (query.project_id) match.project_id = new Types.ObjectId(query.project_id);
    const measures = { projects: { $addToSet: '$project_id' }, count: { $sum: 1 }, revenue: { $sum: '$price' } };
    const [result] = await this.services.aggregate<{ by_service: UsageGroup[]; by_category: UsageGroup[]; totals: UsageGroup[] }>([
      { $match: match },
      {
        $facet: {
          by_service: [{ $group: { _id: '$name', categories: { $addToSet: '$category' }, ...measures } }],
          by_category: [{ $group: { _id: '$category', ...measures } }],
          totals: [{ $group: { _id: null, ...measures } }],
        },
      },
    ]);
    const measure = (group: UsageGroup | undefined): ServiceUsageTotals => ({
      projects: group?.projects.length ?? 0,
      count: group?.count ?? 0,
      revenue: roundMoney(group?.revenue ?? 0),
    });
    const byRevenue = <T extends ServiceUsageTotals>(rows: (T & { key: string })[]) =>
      rows.sort((a, b) => b.revenue - a.revenue || a.key.localeCompare(b.key)).map(({ key: _key, ...row }) => row);
    return {
      by_service: byRevenue(result.by_service.map((g) => ({ key: String(g._id), name: String(g._id), categories: [...(g.categories ?? [])].sort(), ...measure(g) }))),
      by_category: byRevenue(result.by_category.map((g) => ({ key: String(g._id), category: g._id as ServiceCategory, ...measure(g) }))),
      totals: measure(result.totals[0]),
    };
  }

  async projectFinancials(query: ProjectFinancialsQueryDto): Promise<ProjectFinancialsReportResponse> {
    const match: Record<string, unknown> = {};
    if (query.status) match.status = query.status;
    if (query.customer_id) match.customer_id = new Types.ObjectId(query.customer_id);
    if (query.user_id) match.user_id = new Types.ObjectId(query.user_id);
    const data = await this.financialRows(match);
    return { data, totals: totalsByCurrency(data) };
  }

  async projectFinancialsFor(projectId: string): Promise<ProjectFinancialsRow> {
    const [row] = await this.financialRows({ _id: new Types.ObjectId(projectId) });
    if (!row) throw notFound('Project');
    return row;
  }

  private async financialRows(match: Record<string, unknown>): Promise<ProjectFinancialsRow[]> {
    const pipeline: PipelineStage[] = [
      { $match: match },
      {
        $project: {
          name: 1,
          status: 1,
          billing_type: 1,
          currency: 1,
          budget: 1,
          amount_paid: 1,
          billed_recurring: { $sum: '$billing_history.amount' },
          billed_periods: { $size: { $ifNull: ['$billing_history', []] } },
        },
      },
      { $sort: { name: 1, _id: 1 } },
    ];
    const rows = await this.projects.aggregate<FinancialsRow>(pipeline);
    const upsells = await this.upsells.paidTotalsFor(rows.map((row) => row._id));
    return rows.map((row) => {
      const paid = upsells.get(row._id.toHexString());
      const budget = row.budget ?? 0;
      const amountPaid = row.amount_paid ?? 0;
      return {
        project_id: row._id.toHexString(),
        name: row.name,
        status: row.status,
        billing_type: row.billing_type,
        currency: row.currency,
        budget: roundMoney(budget),
        amount_paid: roundMoney(amountPaid),
        balance_due: Math.max(0, roundMoney(budget - amountPaid)),
        billed_recurring: roundMoney(row.billed_recurring ?? 0),
        billed_periods: row.billed_periods ?? 0,
        upsell_revenue: roundMoney(paid?.total ?? 0),
        paid_upsells: paid?.count ?? 0,
      };
    });
  }
}

function totalsByCurrency(rows: ProjectFinancialsRow[]): FinancialTotals[] {
  const totals = new Map<string, FinancialTotals>();
  for (const row of rows) {
    const sum = totals.get(row.currency) ?? { currency: row.currency, budget: 0, amount_paid: 0, balance_due: 0, billed_recurring: 0, upsell_revenue: 0 };
    for (const key of ['budget', 'amount_paid', 'balance_due', 'billed_recurring', 'upsell_revenue'] as const) sum[key] = roundMoney(sum[key] + row[key]);
    totals.set(row.currency, sum);
  }
  return [...totals.values()].sort((a, b) => a.currency.localeCompare(b.currency));
}
