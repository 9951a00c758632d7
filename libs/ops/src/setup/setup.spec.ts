import { Schema } from 'mongoose';
import { referencePaths, valuesAt } from '../validate/reference-paths';
import { describeResult } from '../jobs/describe-result';
import { defaultIndexName } from './index-sync.service';
import { generateStrongPassword } from './strong-password';

describe('generateStrongPassword', () => {
  it('meets the password policy and differs every time', () => {
    const passwords = Array.from({ length: 50 }, () => generateStrongPassword());
    for (const password of passwords) {
      expect(password.length).toBeGreaterThanOrEqual(12);
      expect(password).toMatch(/[A-Z]/);
      expect(password).toMatch(/[a-z]/);
      expect(password).toMatch(/\d/);
      expect(password).toMatch(/[^A-Za-z0-9]/);
    }
    expect(new Set(passwords).size).toBe(50);
  });
});

describe('reference discovery', () => {
  const schema = new Schema({
    owner_id: { type: Schema.Types.ObjectId, ref: 'User' },
    member_ids: [{ type: Schema.Types.ObjectId, ref: 'User' }],
    entries: [new Schema({ user_id: { type: Schema.Types.ObjectId, ref: 'User' } })],
    entity_model: String,
    entity_id: { type: Schema.Types.ObjectId, refPath: 'entity_model' },
    plain_id: Schema.Types.ObjectId,
  });

  it('finds ref, array-of-ref, nested and refPath references, and nothing else', () => {
    const paths = referencePaths(schema);
    expect(paths).toEqual(
      expect.arrayContaining([
        { path: 'owner_id', ref: 'User' },
        { path: 'member_ids', ref: 'User' },
        { path: 'entries.user_id', ref: 'User' },
        { path: 'entity_id', refPath: 'entity_model' },
      ]),
    );
    expect(paths.find((p) => p.path === 'plain_id')).toBeUndefined();
  });

  it('reads every value along a path through arrays', () => {
    const doc = { entries: [{ user_id: 1 }, { user_id: 2 }, {}], member_ids: [3, null, 4], owner_id: null };
    expect(valuesAt(doc, 'entries.user_id')).toEqual([1, 2]);
    expect(valuesAt(doc, 'member_ids')).toEqual([3, 4]);
    expect(valuesAt(doc, 'owner_id')).toEqual([]);
  });
});

describe('small helpers', () => {
  it('names indexes the way MongoDB does', () => {
    expect(defaultIndexName({ user_id: 1, is_read: 1, created_at: -1 })).toBe('user_id_1_is_read_1_created_at_-1');
    expect(defaultIndexName({ name: 'text', description: 'text' })).toBe('name_text_description_text');
  });

  it('describes what a domain operation returned in one line', () => {
    expect(describeResult(3)).toBe('3 affected');
    expect(describeResult({ deleted: 2, cutoff: 'x' })).toBe('deleted=2 cutoff=x');
    expect(describeResult(undefined)).toBe('done');
  });
});
