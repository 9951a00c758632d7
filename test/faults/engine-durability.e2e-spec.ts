import { mkdtempSync, rmSync } from 'fs';
import { MongoClient, ObjectId } from 'mongodb';
import { tmpdir } from 'os';
import { join } from 'path';
import { RunningEngine, startEmbeddedEngine } from '../../libs/database/src/embedded-engine';

/**
 * Acknowledged means durable: the embedded engine (H2 file backend) is SIGKILLed while writers
 * stream leads and their audit records, then reopened on the same file; every write the driver
 * saw acknowledged must be there. (Stock mongo-java-server commits about once a second and lost
 * up to a second of acknowledged writes here.)
 */
describe('embedded engine: acknowledged writes survive kill -9', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'engine-durability-'));
  let engine: RunningEngine | undefined;

  afterAll(async () => {
    await engine?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('0 acknowledged leads or audit records are missing after SIGKILL mid-stream and reopen', async () => {
    engine = await startEmbeddedEngine({ backend: 'h2', dataDir, startTimeoutMs: 60_000 });
    const client = await new MongoClient(engine.uri, { writeConcern: { w: 1 }, serverSelectionTimeoutMS: 2_000, socketTimeoutMS: 5_000 }).connect();
    const db = client.db('durability');
    const acknowledged = { leads: [] as ObjectId[], audit: [] as ObjectId[] };
    let stop = false;

    // Four writers, each writing a lead then its audit record (the product's order), until the kill.
    const writer = async () => {
      while (!stop) {
        const leadId = new ObjectId();
        try {
          await db.collection('leads').insertOne({ _id: leadId, name: `lead ${leadId.toHexString()}`, status: 'new' });
          acknowledged.leads.push(leadId);
          const auditId = new ObjectId();
          await db.collection('activity_logs').insertOne({ _id: auditId, entity_id: leadId, action: 'create' });
          acknowledged.audit.push(auditId);
        } catch {
          stop = true;
        }
      }
    };
    const writers = Array.from({ length: 4 }, writer);
    // Kill once a good stream is flowing (well past the first commit), at an arbitrary moment.
    const deadline = Date.now() + 20_000;
    while (acknowledged.audit.length < 400 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
    process.kill(engine.pid, 'SIGKILL');
    await Promise.all(writers);
    await client.close(true);
    expect(acknowledged.leads.length).toBeGreaterThanOrEqual(400);

    engine = await startEmbeddedEngine({ backend: 'h2', dataDir, startTimeoutMs: 60_000 });
    const reopened = await new MongoClient(engine.uri).connect();
    try {
      const found = reopened.db('durability');
      const missing = async (name: string, ids: ObjectId[]) => {
        const present = new Set((await found.collection(name).find({ _id: { $in: ids } }, { projection: { _id: 1 } }).toArray()).map((doc) => String(doc._id)));
        return ids.filter((id) => !present.has(String(id))).length;
      };
      const result = { leads: await missing('leads', acknowledged.leads), audit: await missing('activity_logs', acknowledged.audit) };
      console.log(`acknowledged ${acknowledged.leads.length} leads / ${acknowledged.audit.length} audit records; missing after kill -9: ${JSON.stringify(result)}`);
      expect(result).toEqual({ leads: 0, audit: 0 });
      // Every acknowledged audit record's lead is there too (no audit without its lead, none the other way).
      const orphanAudit = await found.collection('activity_logs').countDocuments({ entity_id: { $nin: acknowledged.leads } });
      expect(orphanAudit).toBe(0);
    } finally {
      await reopened.close();
    }
  }, 120_000);
});
