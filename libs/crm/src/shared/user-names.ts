import type { Connection } from 'mongoose';
import { Types } from 'mongoose';

/** "First Last" of staff members by id, in one query (for reports and notification texts). */
export async function userNames(connection: Connection, ids: (Types.ObjectId | string | null | undefined)[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids.filter((id): id is Types.ObjectId | string => Boolean(id)).map(String))];
  if (!unique.length) return new Map();
  const users = await connection
    .model('User')
    .find({ _id: { $in: unique.map((id) => new Types.ObjectId(id)) } }, { first_name: 1, last_name: 1 })
    .setOptions({ withDeleted: true })
    .lean<{ _id: Types.ObjectId; first_name: string; last_name: string }[]>();
  return new Map(users.map((user) => [user._id.toHexString(), `${user.first_name} ${user.last_name}`]));
}

export async function userName(connection: Connection, id: Types.ObjectId | string): Promise<string> {
  return (await userNames(connection, [id])).get(String(id)) ?? 'A colleague';
}
