import type { Query, Schema } from 'mongoose';
import type { FieldEncryptionService } from './field-encryption.service';

export interface FieldEncryptionPluginOptions {
  /** Paths of string fields; dotted paths reach into nested objects (not into arrays). */
  fields: string[];
  encryption: FieldEncryptionService;
}

/** What the helpers need from the service; lets tests and callers pass a narrower object. */
export type FieldEncryptor = Pick<FieldEncryptionService, 'encrypt' | 'isEncrypted'>;

/** The part of a Mongoose document the save hook uses. */
export interface ModifiableDocument {
  isModified(path: string): boolean;
  get(path: string, type?: unknown, options?: { getters?: boolean }): unknown;
  set(path: string, value: unknown): unknown;
}

type Fields = readonly string[];
type PlainObject = Record<string, unknown>;

// Update operators whose values end up stored as given. $setOnInsert matters for upserts.
const ASSIGNING_OPERATORS = ['$set', '$setOnInsert'] as const;
const PIPELINE_ASSIGNING_STAGES = ['$set', '$addFields'] as const;
const UPDATE_QUERIES = ['findOneAndUpdate', 'updateOne', 'updateMany', 'findOneAndReplace', 'replaceOne'] as const;

/**
 * Encrypts the listed fields whenever they are written, and never decrypts: reads stay
 * ciphertext on purpose, so every decryption is an explicit (and audited) call by the caller.
 *
 * Not covered, because these writes run none of the hooks below: `Model.bulkWrite`, native
 * driver calls (`Model.collection.*`, `connection.db`), and the filter of an upsert (MongoDB copies
 * its equality conditions into the inserted document). Encrypt values yourself on those paths.
 * Arrays are not traversed: list paths to single strings.
 */
export function fieldEncryptionPlugin(schema: Schema, options: FieldEncryptionPluginOptions): void {
  const { fields, encryption } = options ?? ({} as Partial<FieldEncryptionPluginOptions>);
  if (!encryption) throw new Error('fieldEncryptionPlugin needs the FieldEncryptionService as `encryption`');
  if (!Array.isArray(fields) || fields.length === 0 || fields.some((field) => typeof field !== 'string' || field === '')) {
    throw new Error('fieldEncryptionPlugin needs `fields`: a non-empty list of field paths');
  }
  const paths = [...fields];

  schema.pre('save', function () {
    encryptModifiedFields(this, paths, encryption);
  });

  schema.pre('insertMany', function (next, docs: unknown) {
    if (Array.isArray(docs)) {
      // Replaced in place: Mongoose reads this same array after the hook; the caller's objects are left alone.
      docs.forEach((doc, index) => (docs[index] = encryptInsertedDoc(doc, paths, encryption)));
    } else if (isModifiableDocument(docs)) {
      encryptModifiedFields(docs, paths, encryption);
    } else if (isPlainObject(docs)) {
      // A single object passed without an array: the reference is Mongoose's, so only its keys can change.
      Object.assign(docs, encryptFieldsInDoc(docs, paths, encryption));
    }
    next();
  });

  schema.pre([...UPDATE_QUERIES], function (this: Query<unknown, unknown>) {
    const update = this.getUpdate();
    const encrypted = encryptFieldsInUpdate(update, paths, encryption);
    if (encrypted !== update) this.setUpdate(encrypted as typeof update & object);
  });
}

/**
 * Save hook body: encrypts listed fields that changed since load (or are new) and are not
 * ciphertext already, so saving an untouched document never re-encrypts it.
 */
export function encryptModifiedFields(doc: ModifiableDocument, fields: Fields, service: FieldEncryptor): void {
  for (const field of fields) {
    if (!doc.isModified(field)) continue;
    const value = doc.get(field, null, { getters: false });
    const encrypted = encryptValue(value, service);
    if (encrypted !== value) doc.set(field, encrypted);
  }
}

/**
 * Returns the document with the listed fields encrypted. The input is not modified; objects on
 * the way to an encrypted field are copied, the rest is shared. Keys may be nested objects or
 * dotted paths (`{ 'bank.iban': … }`), as Mongoose accepts both.
 */
export function encryptFieldsInDoc<T extends object>(doc: T, fields: Fields, service: FieldEncryptor): T {
  if (!isPlainObject(doc)) return doc;
  return encryptAssignments(doc, fields, service, false) as T;
}

/**
 * Returns the update with every value it would store in a listed field encrypted: top-level
 * keys (Mongoose treats them as `$set`, and they are the whole document in a replace), `$set`
 * and `$setOnInsert`. The input is not modified.
 *
 * @throws Error for an aggregation-pipeline update that assigns a listed field: its values are
 *   expressions evaluated by the server, which cannot be encrypted here, and letting them
 *   through would store plaintext.
 */
export function encryptFieldsInUpdate<T>(update: T, fields: Fields, service: FieldEncryptor): T {
  if (Array.isArray(update)) {
    refusePipelineAssignments(update, fields, service);
    return update;
  }
  if (!isPlainObject(update)) return update;
  let result: PlainObject = encryptAssignments(update, fields, service, true);
  for (const operator of ASSIGNING_OPERATORS) {
    const assignments = result[operator];
    if (!isPlainObject(assignments)) continue;
    const encrypted = encryptAssignments(assignments, fields, service, false);
    if (encrypted !== assignments) result = { ...result, [operator]: encrypted };
  }
  return result as T;
}

function encryptInsertedDoc(doc: unknown, fields: Fields, service: FieldEncryptor): unknown {
  if (isModifiableDocument(doc)) {
    encryptModifiedFields(doc, fields, service);
    return doc;
  }
  return encryptFieldsInDoc(doc as object, fields, service);
}

/** Applies every field to every key of one level of assignments (`{ key: value }`). */
function encryptAssignments(assignments: PlainObject, fields: Fields, service: FieldEncryptor, skipOperators: boolean): PlainObject {
  let result = assignments;
  for (const [key, value] of Object.entries(assignments)) {
    if (skipOperators && key.startsWith('$')) continue;
    let encrypted = value;
    for (const field of fields) {
      if (key === field) encrypted = encryptValue(encrypted, service);
      else if (field.startsWith(`${key}.`)) encrypted = encryptAtPath(encrypted, field.slice(key.length + 1).split('.'), service);
    }
    if (encrypted !== value) {
      if (result === assignments) result = { ...assignments };
      result[key] = encrypted;
    }
  }
  return result;
}

function encryptAtPath(value: unknown, path: string[], service: FieldEncryptor): unknown {
  if (path.length === 0) return encryptValue(value, service);
  if (!isPlainObject(value) || !Object.hasOwn(value, path[0])) return value;
  const [head, ...rest] = path;
  const child = value[head];
  const encrypted = encryptAtPath(child, rest, service);
  return encrypted === child ? value : { ...value, [head]: encrypted };
}

/**
 * Strings are encrypted unless they already are ciphertext. Numbers, bigints and booleans are
 * encrypted in their string form, because a String schema path would otherwise cast them to
 * that same string and store it in the clear. null and undefined stay as they are.
 */
function encryptValue(value: unknown, service: FieldEncryptor): unknown {
  if (typeof value === 'string') return service.isEncrypted(value) ? value : service.encrypt(value);
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return service.encrypt(String(value));
  return value;
}

function refusePipelineAssignments(pipeline: unknown[], fields: Fields, service: FieldEncryptor): void {
  for (const stage of pipeline) {
    if (!isPlainObject(stage)) continue;
    for (const name of PIPELINE_ASSIGNING_STAGES) {
      const assignments = stage[name];
      if (!isPlainObject(assignments)) continue;
      for (const [key, value] of Object.entries(assignments)) {
        const touched = fields.find((field) => key === field || field.startsWith(`${key}.`));
        if (touched && !(key === touched && (value == null || service.isEncrypted(value)))) {
          throw new Error(`encrypted field "${touched}" cannot be set by an aggregation-pipeline update; use an update document`);
        }
      }
    }
  }
}

function isPlainObject(value: unknown): value is PlainObject {
  if (value === null || typeof value !== 'object') return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function isModifiableDocument(value: unknown): value is ModifiableDocument {
  const candidate = value as Partial<ModifiableDocument> | null;
  return typeof candidate?.isModified === 'function' && typeof candidate.get === 'function' && typeof candidate.set === 'function';
}
