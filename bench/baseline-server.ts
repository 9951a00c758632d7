/**
 * The benchmark's baseline: a bare Fastify server running, with the raw MongoDB driver, the same
 * queries the API runs for each scenario — no Nest, no Mongoose, no auth, validation, audit or
 * serialisation layer. Whatever the API costs above this line is the framework's and ours.
 *
 * Started by bench/run.ts as a child process: MONGODB_URI, MONGODB_DB_NAME, PORT.
 */
import Fastify from 'fastify';
import { MongoClient, ObjectId, type Document } from 'mongodb';

async function main(): Promise<void> {
  const client = await new MongoClient(process.env.MONGODB_URI!).connect();
  const db = client.db(process.env.MONGODB_DB_NAME);
  const app = Fastify({ logger: false });

  // The API resolves the caller from the token on every request (revocation is immediate):
  // one users read per request, which the baseline does too to stay comparable.
  const caller = process.env.BENCH_CALLER_ID ? new ObjectId(process.env.BENCH_CALLER_ID) : null;
  const loadCaller = () => (caller ? db.collection('users').findOne({ _id: caller }, { projection: { role: 1, is_active: 1 } }) : null);

  app.get('/customers', async (request) => {
    await loadCaller();
    const limit = Number((request.query as { limit?: string }).limit ?? 50);
    const filter = { deleted_at: null };
    const [data, total] = await Promise.all([
      db.collection('customers').find(filter).sort({ created_at: -1, _id: -1 }).limit(limit).toArray(),
      db.collection('customers').countDocuments(filter),
    ]);
    const ids = (field: string) => [...new Set(data.map((row) => row[field]).filter(Boolean).map(String))].map((id) => new ObjectId(id));
    const [owners, leads] = await Promise.all([
      db.collection('users').find({ _id: { $in: ids('owner_id') } }, { projection: { first_name: 1, last_name: 1, email: 1, role: 1 } }).toArray(),
      db.collection('leads').find({ _id: { $in: ids('lead_id') } }, { projection: { first_name: 1, last_name: 1, company_name: 1, status: 1 } }).toArray(),
    ]);
    const byId = (rows: Document[]) => new Map(rows.map((row) => [String(row._id), row]));
    const ownerById = byId(owners);
    const leadById = byId(leads);
    return {
      data: data.map((row) => ({ ...row, owner: ownerById.get(String(row.owner_id)) ?? null, lead: leadById.get(String(row.lead_id)) ?? null })),
      page: 1,
      limit,
      total,
      next_cursor: null,
    };
  });

  app.get('/projects/:id', async (request, reply) => {
    await loadCaller();
    const _id = new ObjectId((request.params as { id: string }).id);
    const project = await db.collection('projects').findOne({ _id, deleted_at: null });
    if (!project) return reply.code(404).send({ statusCode: 404 });
    const [progress] = await db
      .collection('tasks')
      .aggregate([{ $match: { project_id: _id, deleted_at: null } }, { $group: { _id: null, total: { $sum: 1 }, done: { $sum: { $cond: [{ $eq: ['$status', 'done'] }, 1, 0] } } } }])
      .toArray();
    return { ...project, progress: progress?.total ? Math.round((100 * progress.done) / progress.total) : 0 };
  });

  app.post('/leads', async (request, reply) => {
    await loadCaller();
    const now = new Date();
    const lead = { ...(request.body as object), status: 'new', created_at: now, updated_at: now, deleted_at: null };
    const { insertedId } = await db.collection('leads').insertOne(lead);
    // The API writes one audit record per create.
    await db.collection('activity_logs').insertOne({ action: 'create', entity_type: 'lead', entity_id: insertedId, after: lead, created_at: now });
    return reply.code(201).send({ ...lead, _id: insertedId });
  });

  app.get('/business-directory', async (request) => {
    await loadCaller();
    const { q = '', limit = '20' } = request.query as { q?: string; limit?: string };
    const pattern = new RegExp(q.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'i');
    // The same ranking as the API's regex fallback (name matches first), paged in one aggregation.
    const inName = { $gte: [{ $indexOfCP: [{ $toLower: { $ifNull: ['$name', ''] } }, q.toLowerCase()] }, 0] };
    const [result] = await db
      .collection('business_directories')
      .aggregate([
        { $match: { $or: [{ name: pattern }, { description: pattern }, { industry: pattern }] } },
        { $addFields: { relevance: { $cond: [inName, 2, 1] } } },
        { $sort: { relevance: -1, created_at: -1, _id: -1 } },
        { $facet: { data: [{ $limit: Number(limit) }], total: [{ $count: 'n' }] } },
      ])
      .toArray();
    return { data: result?.data ?? [], page: 1, limit: Number(limit), total: result?.total[0]?.n ?? 0, next_cursor: null };
  });

  await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
  process.stdout.write('READY\n');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
