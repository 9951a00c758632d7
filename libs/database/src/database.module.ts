import { Global, Logger, Module } from '@nestjs/common';
import { getConnectionToken, MongooseModule } from '@nestjs/mongoose';
import mongoose, { Connection } from 'mongoose';
import { AppConfig } from '@app/config';
import { DatabaseCapabilities, probeCapabilities } from './database-capabilities';
import { DatabaseCommandMonitor } from './database-command-monitor';
import { DatabaseTarget } from './database-target';

@Module({ providers: [DatabaseTarget], exports: [DatabaseTarget] })
class DatabaseTargetModule {}

@Global()
@Module({
  imports: [
    MongooseModule.forRootAsync({
      imports: [DatabaseTargetModule],
      inject: [DatabaseTarget, AppConfig],
      useFactory: async (target: DatabaseTarget, config: AppConfig) => {
        const { dbName, debug } = config.database;
        mongoose.set('strictQuery', true);
        // Mongoose keeps each query's creation stack (for "Query was already executed" errors) by
        // building an Error per query: ~2% of API CPU under load, for a message we never hit.
        mongoose.set('skipOriginalStackTraces', !debug);
        if (debug) {
          const logger = new Logger('Mongoose');
          mongoose.set('debug', (collection: string, method: string, ...args: unknown[]) =>
            logger.debug({ collection, method, args: JSON.stringify(args).slice(0, 2000) }, `${collection}.${method}`),
          );
        }
        return {
          uri: await target.resolve(),
          dbName,
          monitorCommands: true,
          // Indexes are built on boot outside production; production syncs them with `npm run db:indexes`.
          autoIndex: !config.isProduction,
          serverSelectionTimeoutMS: 10_000,
        };
      },
    }),
  ],
  providers: [
    {
      provide: DatabaseCapabilities,
      inject: [getConnectionToken()],
      useFactory: (connection: Connection) => probeCapabilities(connection),
    },
    {
      provide: DatabaseCommandMonitor,
      inject: [getConnectionToken(), AppConfig],
      useFactory: (connection: Connection, config: AppConfig) => {
        const monitor = new DatabaseCommandMonitor(connection);
        monitor.slowQueryMs = config.database.slowQueryMs;
        return monitor;
      },
    },
  ],
  exports: [DatabaseCapabilities, DatabaseCommandMonitor],
})
export class DatabaseModule {}
