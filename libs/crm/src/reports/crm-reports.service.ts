import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, Types } from 'mongoose';
import { AccessPolicy, AuthUser, Permission, UserDirectory } from '@app/auth';
import { BusinessDirectory, DirectoryStatus } from '../business-directory/business-directory.schema';
import { Lead, LeadStatus } from '../leads/lead.schema';
import { conversionRate, PipelineGroup, summarizePipeline } from './crm-report-math';
import { DirectoryConversionsQueryDto, SalesPipelineQueryDto } from './dto/crm-report-query.dto';
import { DirectoryConversionAgentRow, DirectoryConversionsReportResponse, DirectoryConversionTotals } from './dto/directory-conversions.response';
import { SalesPipelineReportResponse } from './dto/sales-pipeline.response';

interface DirectoryGroup {
  _id: Types.ObjectId | null;
  prospects: number;
  contacted: number;
  converted: number;
  not_interested: number;
}

function createdRange(query: { created_from?: Date; created_to?: Date }): Record<string, unknown> {
  const range: Record<string, Date> = {};
  if (query.created_from) range.$gte = query.created_from;
  if (query.created_to) range.$lte = query.created_to;
  return Object.keys(range).length ? { created_at: range } : {};
}

const countWhen = (condition: unknown) => ({ $sum: { $cond: [condition, 1, 0] } });

/** Sales reports for managers and admins, each one aggregation pipeline plus one name lookup. */
@Injectable()
export class CrmReportsService {
  constructor(
    @InjectModel(Lead.name) private readonly leads: Model<Lead>,
    @InjectModel(BusinessDirectory.name) private readonly directory: Model<BusinessDirectory>,
    private readonly people: UserDirectory,
    private readonly access: AccessPolicy,
  ) {}

  /** Count and estimated value of (live) leads by status and by agent. */
  async salesPipeline(query: SalesPipelineQueryDto, user: AuthUser): Promise<SalesPipelineReportResponse> {
    const match: Record<string, unknown> = { ...createdRange(query), ...(await this.access.scopeFilter(user, Permission.LeadRead)) };
    if (query.agent_id) match.agent_id = new Types.ObjectId(query.agent_id);
    if (query.source) match.source = query.source;
    if (query.priority) match.priority = query.priority;
    const groups = await this.leads.aggregate<{ _id: { agent_id: Types.ObjectId | null; status: LeadStatus }; count: number; estimated_value: number }>([
      { $match: match },
      {
        $group: {
          _id: { agent_id: { $ifNull: ['$agent_id', null] }, status: '$status' },
          count: { $sum: 1 },
          estimated_value: { $sum: { $ifNull: ['$estimated_value', 0] } },
        },
      },
    ]);
    const rows: PipelineGroup[] = groups.map((group) => ({
      agent_id: group._id.agent_id ? String(group._id.agent_id) : null,
      status: group._id.status,
      count: group.count,
      estimated_value: group.estimated_value,
    }));
    return summarizePipeline(rows, await this.people.namesOf(rows.map((row) => row.agent_id)));
  }

  /** Per agent: prospects, how many were contacted, converted or not interested, and the conversion rate. */
  async directoryConversions(query: DirectoryConversionsQueryDto, user: AuthUser): Promise<DirectoryConversionsReportResponse> {
    const match: Record<string, unknown> = { ...createdRange(query), ...(await this.access.scopeFilter(user, Permission.DirectoryReportRead)) };
    if (query.industry) match.industry = query.industry;
    if (query.country) match.country = query.country;
    const groups = await this.directory.aggregate<DirectoryGroup>([
      { $match: match },
      {
        $group: {
          _id: { $ifNull: ['$agent_id', null] },
          prospects: { $sum: 1 },
          contacted: countWhen({ $ne: ['$status', DirectoryStatus.New] }),
          converted: countWhen({ $eq: ['$status', DirectoryStatus.Converted] }),
          not_interested: countWhen({ $eq: ['$status', DirectoryStatus.NotInterested] }),
        },
      },
    ]);
    const names = await this.people.namesOf(groups.map((group) => group._id));
    const measure = (rows: DirectoryGroup[]): DirectoryConversionTotals => {
      const total = (key: 'prospects' | 'contacted' | 'converted' | 'not_interested') => rows.reduce((sum, row) => sum + row[key], 0);
      return {
        prospects: total('prospects'),
        contacted: total('contacted'),
        converted: total('converted'),
        not_interested: total('not_interested'),
        conversion_rate: conversionRate(total('converted'), total('contacted')),
      };
    };
    const byAgent: DirectoryConversionAgentRow[] = groups.map((group) => ({
      agent_id: group._id ? String(group._id) : null,
      agent_name: group._id ? (names.get(String(group._id)) ?? null) : null,
      ...measure([group]),
    }));
    byAgent.sort(
      (a, b) =>
        Number(a.agent_id === null) - Number(b.agent_id === null) ||
        b.converted - a.converted ||
        b.conversion_rate - a.conversion_rate ||
        (a.agent_name ?? '').localeCompare(b.agent_name ?? '') ||
        String(a.agent_id).localeCompare(String(b.agent_id)),
    );
    return { by_agent: byAgent, totals: measure(groups) };
  }
}
