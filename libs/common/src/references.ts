import type { Connection } from 'mongoose';
import { Types } from 'mongoose';
import { fieldError } from './errors/api-exception';

/**
 * Checks that `id` references an existing document of another model (registered by its own
 * domain), so a write never stores a dangling reference. Throws 400 naming the field.
 */
export async function assertReferenceExists(
  connection: Connection,
  model: string,
  id: string | Types.ObjectId,
  field: string,
  extraFilter: Record<string, unknown> = {},
  requirement = `an existing ${model.toLowerCase()}`,
): Promise<void> {
  const exists = Types.ObjectId.isValid(String(id)) && (await connection.model(model).exists({ _id: id, ...extraFilter }));
  if (!exists) throw fieldError(field, `must reference ${requirement}`);
}
