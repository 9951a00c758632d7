import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { AppConfig } from './app-config';

/** One warning line at start-up while built-in development secrets are in use (only allowed on loopback). */
@Injectable()
export class DevelopmentSecretsWarning implements OnApplicationBootstrap {
  private readonly logger = new Logger('Config');

  constructor(private readonly config: AppConfig) {}

  onApplicationBootstrap(): void {
    const keys = this.config.developmentSecretsInUse;
    if (keys.length === 0) return;
    this.logger.warn(
      `Using the built-in development value of ${keys.join(', ')}: accepted only because HOST=${this.config.http.host} is loopback; set real secrets before exposing the API`,
    );
  }
}
