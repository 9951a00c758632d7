import { Injectable, Logger } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { MongoClient, TopologyDescription } from 'mongodb';
import type { Connection } from 'mongoose';

/**
 * Whether the driver currently sees a server it can write to, from its own topology monitoring
 * (a heartbeat every second, and every failed operation). While it sees none, the HTTP app answers
 * 503 at once instead of letting each query wait out server selection; the next successful
 * heartbeat flips it back, so recovery needs no restart.
 */
@Injectable()
export class DatabaseAvailability {
  private readonly logger = new Logger('Database');
  private reachable = true;

  constructor(@InjectConnection() connection: Connection) {
    const client = connection.getClient() as MongoClient;
    client.on('topologyDescriptionChanged', ({ newDescription }: { newDescription: TopologyDescription }) => this.update(newDescription));
  }

  get available(): boolean {
    return this.reachable;
  }

  private update(description: TopologyDescription): void {
    const reachable = [...description.servers.values()].some((server) => server.isWritable);
    if (reachable === this.reachable) return;
    this.reachable = reachable;
    if (reachable) this.logger.log('database reachable again');
    else this.logger.error('database unreachable: requests answer 503 until it is back');
  }
}
