import type { ModuleRef } from '@nestjs/core';
import { DomainOperations } from './domain-operations';

class AuditService {
  async purgeExpired(now: Date): Promise<number> {
    return now.getTime() > 0 ? 3 : 0;
  }
}

function operations(provided: Record<string, unknown>): DomainOperations {
  const moduleRef = {
    get: (token: { name: string }) => {
      if (!(token.name in provided)) throw new Error(`no provider for ${token.name}`);
      return provided[token.name];
    },
  } as unknown as ModuleRef;
  return new DomainOperations(moduleRef);
}

describe('DomainOperations', () => {
  it('calls the domain method found by name', async () => {
    const ops = operations({ AuditService: new AuditService() });
    // The real @app/audit export is looked up; the instance comes from the module graph.
    await expect(ops.call('purgeExpiredAuditLogs', new Date())).resolves.toEqual({ ran: true, result: 3 });
  });

  it('says why instead of throwing when a service is not provided', async () => {
    const ops = operations({});
    const outcome = await ops.call('purgeExpiredAuditLogs', new Date());
    expect(outcome).toEqual({ ran: false, reason: 'AuditService (@app/audit) is not provided by any imported module' });
  });

  it('says why when the method does not exist', async () => {
    const ops = operations({ AuditService: {} });
    expect(ops.resolve('purgeExpiredAuditLogs')).toEqual({ available: false, reason: 'AuditService.purgeExpired() does not exist in @app/audit' });
  });
});
