import { randomBytes } from 'crypto';
import { Mongoose, Schema } from 'mongoose';
import { FieldEncryptionService } from './field-encryption.service';
import { encryptFieldsInDoc, encryptFieldsInUpdate, encryptModifiedFields, fieldEncryptionPlugin, FieldEncryptionPluginOptions } from './field-encryption.plugin';
import { Keyring } from './keyring';

const service = new FieldEncryptionService(new Keyring([{ id: 'k1', key: randomBytes(32) }]));
const fields = ['card_number', 'bank.iban'];

describe('encryptFieldsInDoc', () => {
  it('encrypts listed top-level and nested fields and leaves the rest alone', () => {
    const doc = { name: 'Ann', card_number: '4242424242424242', bank: { iban: 'DE89370400440532013000', bic: 'COBADEFFXXX' } };
    const result = encryptFieldsInDoc(doc, fields, service);
    expect(result.name).toBe('Ann');
    expect(result.bank.bic).toBe('COBADEFFXXX');
    expect(service.decrypt(result.card_number)).toBe('4242424242424242');
    expect(service.decrypt(result.bank.iban)).toBe('DE89370400440532013000');
  });

  it('does not modify its input', () => {
    const doc = { card_number: '4242424242424242', bank: { iban: 'DE89' } };
    encryptFieldsInDoc(doc, fields, service);
    expect(doc).toEqual({ card_number: '4242424242424242', bank: { iban: 'DE89' } });
  });

  it('accepts dotted keys, as Mongoose does', () => {
    const result = encryptFieldsInDoc({ 'bank.iban': 'DE89' }, fields, service);
    expect(service.decrypt(result['bank.iban'])).toBe('DE89');
  });

  it('leaves ciphertext, null and missing fields as they are', () => {
    const already = service.encrypt('4242424242424242');
    const doc = { card_number: already, bank: null };
    expect(encryptFieldsInDoc(doc, fields, service)).toBe(doc);
    expect(encryptFieldsInDoc({ name: 'x' }, fields, service)).toEqual({ name: 'x' });
  });

  it('encrypts numbers in their string form instead of letting Mongoose store them as plain strings', () => {
    const result = encryptFieldsInDoc({ card_number: 4242424242424242 }, fields, service);
    expect(service.decrypt(result.card_number as unknown as string)).toBe('4242424242424242');
  });
});

describe('encryptFieldsInUpdate', () => {
  it('encrypts listed fields in $set, $setOnInsert and top-level keys', () => {
    const update = {
      name: 'Ann',
      card_number: '4111111111111111',
      $set: { 'bank.iban': 'DE89', status: 'active' },
      $setOnInsert: { bank: { iban: 'FR76', bic: 'X' } },
      $inc: { version: 1 },
    };
    const result = encryptFieldsInUpdate(update, fields, service);
    expect(result.name).toBe('Ann');
    expect(service.decrypt(result.card_number)).toBe('4111111111111111');
    expect(service.decrypt(result.$set['bank.iban'])).toBe('DE89');
    expect(result.$set.status).toBe('active');
    expect(service.decrypt(result.$setOnInsert.bank.iban)).toBe('FR76');
    expect(result.$setOnInsert.bank.bic).toBe('X');
    expect(result.$inc).toEqual({ version: 1 });
  });

  it('does not modify its input and returns it unchanged when nothing needs encrypting', () => {
    const update = { $set: { card_number: '4111111111111111' } };
    const result = encryptFieldsInUpdate(update, fields, service);
    expect(update.$set.card_number).toBe('4111111111111111');
    expect(result).not.toBe(update);

    const untouched = { $set: { status: 'x', card_number: service.encrypt('4111') }, $unset: { bank: 1 } };
    expect(encryptFieldsInUpdate(untouched, fields, service)).toBe(untouched);
  });

  it('passes null and undefined updates through', () => {
    expect(encryptFieldsInUpdate(null, fields, service)).toBeNull();
    expect(encryptFieldsInUpdate(undefined, fields, service)).toBeUndefined();
  });

  it('refuses a pipeline update that sets an encrypted field, but allows one that does not', () => {
    expect(() => encryptFieldsInUpdate([{ $set: { card_number: '4111111111111111' } }], fields, service)).toThrow(/card_number/);
    expect(() => encryptFieldsInUpdate([{ $addFields: { bank: { iban: '$other' } } }], fields, service)).toThrow(/bank\.iban/);
    const safe = [{ $set: { status: 'x', card_number: service.encrypt('4111') } }, { $unset: ['bank'] }];
    expect(encryptFieldsInUpdate(safe, fields, service)).toBe(safe);
  });
});

describe('encryptModifiedFields', () => {
  const mongoose = new Mongoose();
  const Card = mongoose.model(
    'Card',
    new Schema({ name: String, card_number: String, bank: { iban: String, bic: String } }),
  );

  it('encrypts listed fields of a new document', () => {
    const doc = new Card({ name: 'Ann', card_number: '4242424242424242', bank: { iban: 'DE89', bic: 'B' } });
    encryptModifiedFields(doc, fields, service);
    expect(service.decrypt(doc.card_number!)).toBe('4242424242424242');
    expect(service.decrypt(doc.bank!.iban!)).toBe('DE89');
    expect(doc.bank!.bic).toBe('B');
    expect(doc.name).toBe('Ann');
  });

  it('only touches fields modified since load, and never re-encrypts ciphertext', () => {
    const stored = service.encrypt('4242424242424242');
    const doc = Card.hydrate({ _id: new mongoose.Types.ObjectId(), name: 'Ann', card_number: stored, bank: { iban: 'legacy-plaintext' } });
    encryptModifiedFields(doc, fields, service);
    expect(doc.card_number).toBe(stored);
    expect(doc.bank!.iban).toBe('legacy-plaintext');

    doc.card_number = stored;
    doc.bank!.iban = 'DE89';
    encryptModifiedFields(doc, fields, service);
    expect(doc.card_number).toBe(stored);
    expect(service.decrypt(doc.bank!.iban!)).toBe('DE89');
  });
});

describe('fieldEncryptionPlugin', () => {
  type Hook = (this: unknown, ...args: unknown[]) => void;

  function install(): Map<string, Hook> {
    const hooks = new Map<string, Hook>();
    const schema = {
      pre: (methods: string | string[], fn: Hook) => {
        for (const method of ([] as string[]).concat(methods)) hooks.set(method, fn);
      },
    };
    fieldEncryptionPlugin(schema as unknown as Schema, { fields, encryption: service });
    return hooks;
  }

  it('hooks save, insertMany and every update and replace query, and nothing that reads', () => {
    expect([...install().keys()].sort()).toEqual(
      ['findOneAndReplace', 'findOneAndUpdate', 'insertMany', 'replaceOne', 'save', 'updateMany', 'updateOne'].sort(),
    );
  });

  it('encrypts the update of a query through setUpdate', () => {
    let update: unknown = { $set: { card_number: '4111111111111111' } };
    const query = { getUpdate: () => update, setUpdate: (next: unknown) => (update = next) };
    install().get('updateMany')!.call(query);
    expect(service.decrypt((update as { $set: { card_number: string } }).$set.card_number)).toBe('4111111111111111');
  });

  it('encrypts every document given to insertMany in place of the array entry, leaving the caller objects alone', () => {
    const original = { card_number: '4242424242424242' };
    const docs: unknown[] = [original, { name: 'no card' }];
    const next = jest.fn();
    install().get('insertMany')!.call({}, next, docs);
    expect(next).toHaveBeenCalledWith();
    expect(service.decrypt((docs[0] as typeof original).card_number)).toBe('4242424242424242');
    expect(docs[1]).toEqual({ name: 'no card' });
    expect(original.card_number).toBe('4242424242424242');
  });

  it('encrypts on save through the document', () => {
    const doc = { values: { card_number: '4242424242424242' } as Record<string, unknown> };
    const document = {
      isModified: (path: string) => path in doc.values,
      get: (path: string) => doc.values[path],
      set: (path: string, value: unknown) => (doc.values[path] = value),
    };
    install().get('save')!.call(document);
    expect(service.decrypt(doc.values.card_number as string)).toBe('4242424242424242');
  });

  it('refuses to be installed without fields or a service', () => {
    const schema = new Schema({ card_number: String });
    expect(() => schema.plugin(fieldEncryptionPlugin, { fields: [], encryption: service })).toThrow(/fields/);
    expect(() => schema.plugin(fieldEncryptionPlugin, { fields } as unknown as FieldEncryptionPluginOptions)).toThrow(/FieldEncryptionService/);
  });
});
