import { FieldEncryptionService } from '@app/crypto';
import { KeyRotationService, SetupService } from '@app/ops';
import { KEY_1, KEY_2, OpsHarness } from './support/ops-harness';

describe('crypto:rotate-keys', () => {
  let plaintexts: Map<string, { number: string; cvv: string | null }>;
  let dbName: string;

  beforeAll(async () => {
    // Cards written under k1 only.
    const old = await OpsHarness.start({ ENCRYPTION_KEYS: KEY_1 });
    dbName = old.dbName;
    await old.get(SetupService).setup({ seed: { size: 'small', seed: 41 } });
    // One card with a CVV still held, so both encrypted fields are rotated.
    await old.db.collection('customer_charge_details').updateOne({}, { $set: { cvv_encrypted: old.get(FieldEncryptionService).encrypt('123'), cvv_stored_at: new Date() } });
    const encryption = old.get(FieldEncryptionService);
    plaintexts = new Map();
    for (const card of await old.db.collection('customer_charge_details').find({}).toArray()) {
      expect(card.key_id).toBe('k1');
      plaintexts.set(String(card._id), { number: encryption.decrypt(card.card_number_encrypted), cvv: card.cvv_encrypted ? encryption.decrypt(card.cvv_encrypted) : null });
    }
    await old.stop({ drop: false });
  });

  it('re-encrypts every card to the newest key, resumably, and each decrypts to the same plaintext', async () => {
    const ops = await OpsHarness.start({ ENCRYPTION_KEYS: `${KEY_1},${KEY_2}` }, dbName);
    try {
      const rotation = ops.get(KeyRotationService);
      const cards = plaintexts.size;
      expect(cards).toBeGreaterThan(5);

      // Stopped after 5 documents, as if interrupted.
      const first = await rotation.rotateAll(undefined, { limit: 5 });
      expect(first).toMatchObject({ activeKeyId: 'k2', documents: 5, complete: false, ok: true });
      expect(await ops.db.collection('customer_charge_details').countDocuments({ key_id: 'k2' })).toBe(5);

      // The next run carries on: the 5 already rotated count as current, the rest are rotated.
      const second = await rotation.rotateAll();
      expect(second).toMatchObject({ documents: cards - 5, complete: true, ok: true });
      const numbers = second.rows.find((row) => row.collection === 'customer_charge_details' && row.field === 'card_number_encrypted')!;
      expect(numbers).toMatchObject({ encrypted: cards, rotated: cards - 5, current: 5, failed: 0, skipped: 0 });

      const third = await rotation.rotateAll();
      expect(third.documents).toBe(0);

      const encryption = ops.get(FieldEncryptionService);
      for (const card of await ops.db.collection('customer_charge_details').find({}).toArray()) {
        expect(card.key_id).toBe('k2');
        expect(encryption.keyIdOf(card.card_number_encrypted)).toBe('k2');
        const expected = plaintexts.get(String(card._id))!;
        expect(encryption.decrypt(card.card_number_encrypted)).toBe(expected.number);
        if (expected.cvv) {
          expect(encryption.keyIdOf(card.cvv_encrypted)).toBe('k2');
          expect(encryption.decrypt(card.cvv_encrypted)).toBe(expected.cvv);
        }
      }
    } finally {
      await ops.stop();
    }
  });

  it('reports values it cannot decrypt instead of skipping them silently', async () => {
    const ops = await OpsHarness.start({ ENCRYPTION_KEYS: KEY_2 });
    try {
      const stranger = await OpsHarness.start({ ENCRYPTION_KEYS: KEY_1 }, ops.dbName);
      await stranger.db.collection('customer_charge_details').insertOne({ card_number_encrypted: stranger.get(FieldEncryptionService).encrypt('4242424242424242'), key_id: 'k1' });
      await stranger.stop({ drop: false });
      const report = await ops.get(KeyRotationService).rotateAll();
      expect(report.ok).toBe(false);
      expect(report.failures).toEqual([expect.objectContaining({ collection: 'customer_charge_details', path: 'card_number_encrypted' })]);
    } finally {
      await ops.stop();
    }
  });
});
