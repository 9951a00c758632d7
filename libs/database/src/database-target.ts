import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { RunningEngine, startEmbeddedEngine } from './embedded-engine';

/**
 * Where the app's database lives: MONGODB_URI when set, otherwise a local engine this process
 * starts and stops. Tests point MONGODB_URI at the engine their global setup started.
 */
@Injectable()
export class DatabaseTarget implements OnApplicationShutdown {
  private readonly logger = new Logger(DatabaseTarget.name);
  private engine?: RunningEngine;
  uri: string;

  constructor(private readonly config: AppConfig) {}

  async resolve(): Promise<string> {
    if (this.uri) return this.uri;
    const { uri, embeddedBackend, embeddedDataDir, embeddedStartTimeoutMs } = this.config.database;
    if (uri) {
      this.uri = uri;
      return uri;
    }
    this.engine = await startEmbeddedEngine({ backend: embeddedBackend, dataDir: embeddedDataDir, startTimeoutMs: embeddedStartTimeoutMs });
    this.logger.log(`MONGODB_URI unset: started embedded ${this.engine.kind} (${embeddedBackend}) at ${this.engine.uri}`);
    this.uri = this.engine.uri;
    return this.uri;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.engine?.stop();
  }
}
