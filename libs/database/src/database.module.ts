import { Global, Logger, Module } from '@nestjs/common';
import { getConnectionToken, MongooseModule } from '@nestjs/mongoose';
import mongoose, { Connection } from 'mongoose';
import { AppConfig } from '@app/config';
import { DatabaseAvailability } from './database-availability';
import { DatabaseCapabilities, probeCapabilities } from './database-capabilities';
import { DatabaseCommandMonitor } from './database-command-monitor';
import { DatabaseTarget } from './database-target';
import { writeAuditPlugin } from './plugins/write-audit.plugin';

@Module({ providers: [DatabaseTarget], exports: [DatabaseTarget] })
class DatabaseTargetModule {}

@Global()
@Module({
  imports: [
    MongooseModule.forRootAsync({
      imports: [DatabaseTargetModule],
      inject: [DatabaseTarget, AppConfig],
      useFactory: async (target: DatabaseTarget, config: AppConfig) => {
        const { dbName, debug, serverSelectionTimeoutMs } = config.database;
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
          // An unreachable database fails an operation after this (→ 503 "Database unavailable"), not after 10-30 s.
          serverSelectionTimeoutMS: serverSelectionTimeoutMs,
          // Mongoose queues model operations while disconnected: no longer than the driver would wait.
          bufferTimeoutMS: serverSelectionTimeoutMs,
          // While the API answers 503 without touching the database, only heartbeats notice its return:
          // one a second keeps recovery within about a second (the driver's default is 10 s).
          heartbeatFrequencyMS: 1000,
          // Before every model compiles: every write is audited from the write itself (libs/audit attaches the sink).
          connectionFactory: (connection: Connection) => connection.plugin(writeAuditPlugin),
        };
      },
    }),
  ],
  providers: [
    DatabaseAvailability,
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
  exports: [DatabaseAvailability, DatabaseCapabilities, DatabaseCommandMonitor],
})
export class DatabaseModule {}
