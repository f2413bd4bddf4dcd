import type { ResolvedOptions } from '../options.js';
import type { Db } from './db.js';
import { RedisUserData } from './redis-user-data.js';
import { SqliteUserData } from './sqlite-user-data.js';
import type { UserData } from './user-data.js';

/** The user data store the options ask for: Redis with `redis`, else the server's SQLite database. */
export async function openUserData(options: Pick<ResolvedOptions, 'redis'>, db: Db): Promise<UserData> {
  if (options.redis === undefined) return new SqliteUserData(db);
  return RedisUserData.connect(options.redis, { warn: (message) => console.warn(`feed server: ${message}`) });
}
