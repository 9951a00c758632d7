import { Types } from 'mongoose';
import { changedFields, deepEqual } from './changed-fields';

describe('changedFields', () => {
  const id = new Types.ObjectId();

  it('lists only the fields whose value changed, ignoring updated_at', () => {
    const before = { _id: id, department: 'sales', first_name: 'Ann', updated_at: new Date(1), tags: ['a'] };
    const after = { _id: id, department: 'delivery', first_name: 'Ann', updated_at: new Date(2), tags: ['a'] };
    expect(changedFields(before, after)).toEqual(['department']);
  });

  it('compares ObjectIds, dates and arrays by value', () => {
    const at = new Date('2026-01-01T00:00:00Z');
    const before = { owner: new Types.ObjectId(id.toHexString()), due: new Date(at), tags: ['a', 'b'] };
    expect(changedFields(before, { owner: id, due: at, tags: ['a', 'b'] })).toEqual([]);
    expect(changedFields(before, { owner: new Types.ObjectId(), due: new Date(0), tags: ['b', 'a'] })).toEqual(['due', 'owner', 'tags']);
  });

  it('reports nested changes by path', () => {
    const before = { address: { city: 'Paris', zip: '75001' }, plan: { amount: 10 } };
    const after = { address: { city: 'Lyon', zip: '75001' }, plan: { amount: 10 } };
    expect(changedFields(before, after)).toEqual(['address.city']);
  });

  it('treats a missing field and null as equal, and a missing state as empty', () => {
    expect(changedFields({ phone: null }, {})).toEqual([]);
    expect(changedFields(null, { _id: id, email: 'a@b.co', role: 'tech', created_at: new Date() })).toEqual(['email', 'role']);
    expect(changedFields({ _id: id, email: 'a@b.co' }, null)).toEqual(['email']);
    expect(changedFields(null, null)).toEqual([]);
  });

  it('sees a field added or removed', () => {
    expect(changedFields({ a: 1 }, { a: 1, deleted_at: new Date() })).toEqual(['deleted_at']);
    expect(deepEqual([{ x: 1 }], [{ x: 1 }])).toBe(true);
    expect(deepEqual([{ x: 1 }], [{ x: 2 }])).toBe(false);
  });
});
