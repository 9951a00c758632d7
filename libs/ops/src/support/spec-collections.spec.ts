import { SEED_GENERATORS } from '../seed/generators';
import { ENTITY_COLLECTIONS, MODEL_COLLECTIONS, SPEC_COLLECTIONS, SPEC_REFERENCES } from './spec-collections';

describe('SPEC collections table', () => {
  it('names the 16 collections of the spec once each', () => {
    expect(SPEC_COLLECTIONS).toHaveLength(16);
    expect(new Set(SPEC_COLLECTIONS).size).toBe(16);
  });

  it('points every reference, model name and entity type at one of them', () => {
    const known = new Set<string>(SPEC_COLLECTIONS);
    const targets = [...Object.values(SPEC_REFERENCES).flatMap((refs) => Object.values(refs ?? {})), ...Object.values(MODEL_COLLECTIONS), ...Object.values(ENTITY_COLLECTIONS)];
    expect(targets.filter((target) => !known.has(target))).toEqual([]);
  });

  it('the seeder covers every collection but notification_types (seeded by setup from the notifications lib)', () => {
    const seeded = SEED_GENERATORS.map((g) => g.collection).sort();
    expect(seeded).toEqual(SPEC_COLLECTIONS.filter((c) => c !== 'notification_types').sort());
  });
});
