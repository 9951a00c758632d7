import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { RunningEngine, startEmbeddedEngine } from './embedded-engine';
import { embeddedEngineSharing, engineFile, findPublishedEngine, publishEngine, withdrawEngine } from './engine-registry';

/**
 * Where the app's database lives: MONGODB_URI when set, otherwise a local engine this process
 * starts and stops. Tests point MONGODB_URI at the engine their global setup started.
 */
@Injectable()
export class DatabaseTarget implements OnApplicationShutdown {
  private readonly logger = new Logger(DatabaseTarget.name);
  private engine?: RunningEngine;
  private published = false;
  uri: string;

  constructor(private readonly config: AppConfig) {}

  async resolve(): Promise<string> {
    if (this.uri) return this.uri;
    const { uri, embeddedBackend, embeddedDataDir, embeddedStartTimeoutMs } = this.config.database;
    if (uri) {
      this.uri = uri;
      return uri;
    }
    // The persistent store opens in one process at a time: join the engine the dev API runs.
    const running = embeddedBackend === 'h2' ? await findPublishedEngine(embeddedDataDir) : null;
    if (running) {
      this.logger.log(`MONGODB_URI unset: using the embedded engine of process ${running.pid} at ${running.uri} (${engineFile(embeddedDataDir)})`);
      this.uri = running.uri;
      return this.uri;
    }
    this.engine = await startEmbeddedEngine({ backend: embeddedBackend, dataDir: embeddedDataDir, startTimeoutMs: embeddedStartTimeoutMs });
    this.logger.log(`MONGODB_URI unset: started embedded ${this.engine.kind} (${embeddedBackend}) at ${this.engine.uri}`);
    if (embeddedBackend === 'h2' && embeddedEngineSharing.publish) {
      publishEngine(embeddedDataDir, { uri: this.engine.uri, kind: this.engine.kind, backend: embeddedBackend });
      this.published = true;
    }
    this.uri = this.engine.uri;
    return this.uri;
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.published) withdrawEngine(this.config.database.embeddedDataDir);
    await this.engine?.stop();
  }
}
