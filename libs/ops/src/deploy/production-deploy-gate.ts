import { Injectable, Module, OnModuleInit } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { OpsModule } from '../ops.module';
import { DeployService, describeUndeployed } from './deploy.service';

/** The API's start-up refusal: its message is the one line main.ts prints before exiting 1. */
export class DatabaseNotDeployedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DatabaseNotDeployedError';
  }
}

/**
 * In production the API builds no indexes and runs no migrations (`db:deploy` does, once, before
 * it starts), so it checks at boot that both were done: with a migration pending or a unique
 * index missing it would serve data the code does not expect, or let duplicates in that the
 * rules assume impossible. Outside production models build their indexes on boot, as before.
 */
@Injectable()
export class ProductionDeployGate implements OnModuleInit {
  constructor(
    private readonly config: AppConfig,
    private readonly deploy: DeployService,
  ) {}

  async onModuleInit(): Promise<void> {
    if (!this.config.isProduction) return;
    const problem = describeUndeployed(await this.deploy.state());
    if (problem) throw new DatabaseNotDeployedError(problem);
  }
}

/** Imported by the API only: the CLI is what deploys. */
@Module({ imports: [OpsModule], providers: [ProductionDeployGate] })
export class ProductionDeployGateModule {}
