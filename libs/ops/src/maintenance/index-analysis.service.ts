import { Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Connection, Model } from 'mongoose';
import { declaredIndexes, existingIndexNames } from '../setup/index-sync.service';
import { modelForCollection, registeredModels } from '../support/models';
import { HOT_QUERIES, HotQuery, indexServes } from './hot-queries';

export interface IndexUsage {
  collection: string;
  index: string;
  /** null when the engine does not report usage. */
  ops: number | null;
  since: string | null;
}

export interface HotQueryCheck {
  query: string;
  collection: string;
  method: 'explain' | 'static';
  /** The index that serves it, or null for a collection scan. */
  index: string | null;
  collscan: boolean;
  note?: string;
}

export interface IndexAnalysis {
  usage: IndexUsage[];
  /** Set when `$indexStats` is not available. */
  usageNote: string | null;
  missing: { collection: string; index: string }[];
  undeclared: { collection: string; index: string }[];
  hotQueries: HotQueryCheck[];
}

/** Which indexes are used, which are missing, and whether the app's hot queries scan collections. */
@Injectable()
export class IndexAnalysisService {
  constructor(@InjectConnection() private readonly connection: Connection) {}

  async analyse(queries: HotQuery[] = HOT_QUERIES): Promise<IndexAnalysis> {
    const analysis: IndexAnalysis = { usage: [], usageNote: null, missing: [], undeclared: [], hotQueries: [] };
    for (const { collection, model } of registeredModels(this.connection)) {
      const existing = new Set(await existingIndexNames(model));
      for (const { name } of declaredIndexes(model)) if (!existing.has(name)) analysis.missing.push({ collection, index: name });
      const declared = new Set(['_id_', ...declaredIndexes(model).map((index) => index.name)]);
      for (const name of existing) if (!declared.has(name)) analysis.undeclared.push({ collection, index: name });
      if (analysis.usageNote || existing.size === 0) continue;
      try {
        const stats = await model.collection.aggregate<{ name: string; accesses?: { ops?: unknown; since?: unknown } }>([{ $indexStats: {} }]).toArray();
        for (const row of stats) {
          analysis.usage.push({ collection, index: row.name, ops: Number(row.accesses?.ops ?? 0), since: row.accesses?.since ? new Date(String(row.accesses.since)).toISOString() : null });
        }
      } catch (error) {
        analysis.usageNote = `index usage not reported by this engine (${(error as Error).message})`;
        analysis.usage = [];
      }
    }
    for (const query of queries) analysis.hotQueries.push(await this.checkQuery(query));
    return analysis;
  }

  private async checkQuery(query: HotQuery): Promise<HotQueryCheck> {
    const base = { query: query.name, collection: query.collection };
    const model = modelForCollection(this.connection, query.collection);
    if (!model) return { ...base, method: 'static', index: null, collscan: false, note: 'collection has no registered model yet' };
    const explained = await this.explain(model, query);
    if (explained) return { ...base, method: 'explain', ...explained };
    // No explain on this engine: a declared index must start with the query's fields.
    const existing = new Set(await existingIndexNames(model));
    const serving = declaredIndexes(model).find((index) => existing.has(index.name) && indexServes(index.key, query));
    return { ...base, method: 'static', index: serving?.name ?? null, collscan: !serving };
  }

  private async explain(model: Model<any>, query: HotQuery): Promise<{ index: string | null; collscan: boolean } | null> {
    const sample = (await model.collection.findOne({}, { projection: Object.fromEntries(query.equality.map((f) => [f, 1])) })) ?? {};
    const filter: Record<string, unknown> = Object.fromEntries(query.equality.map((field) => [field, valueAt(sample, field) ?? null]));
    if (query.range) filter[query.range] = { $lte: new Date() };
    try {
      const plan = await model.collection.find(filter, { sort: query.sort }).limit(20).explain('queryPlanner');
      const stages = planStages((plan as { queryPlanner?: { winningPlan?: unknown } }).queryPlanner?.winningPlan);
      const ixscan = stages.find((stage) => stage.stage === 'IXSCAN');
      return { index: ixscan ? String(ixscan.indexName) : null, collscan: stages.some((stage) => stage.stage === 'COLLSCAN') };
    } catch {
      return null;
    }
  }
}

function valueAt(doc: Record<string, unknown>, path: string): unknown {
  const value = path.split('.').reduce<unknown>((v, key) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined), doc);
  return Array.isArray(value) ? value[0] : value;
}

function planStages(plan: unknown): { stage: string; indexName?: string }[] {
  if (!plan || typeof plan !== 'object') return [];
  const node = plan as { stage?: string; indexName?: string; inputStage?: unknown; inputStages?: unknown[]; queryPlan?: unknown };
  return [
    ...(node.stage ? [{ stage: node.stage, indexName: node.indexName }] : []),
    ...planStages(node.inputStage),
    ...planStages(node.queryPlan),
    ...(node.inputStages ?? []).flatMap(planStages),
  ];
}
