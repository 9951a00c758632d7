import { AuditAction } from '@app/common';
import { auditAction } from './audit.interceptor';

describe('auditAction', () => {
  it('POST without the id param creates', () => {
    expect(auditAction('POST', false, [''])).toBe(AuditAction.Create);
    expect(auditAction('POST', false, ['attachments'])).toBe(AuditAction.Create);
  });

  it('DELETE deletes, whatever the path', () => {
    expect(auditAction('DELETE', true, [':id'])).toBe(AuditAction.Delete);
  });

  it('a route ending in /restore restores', () => {
    expect(auditAction('POST', true, [':id/restore'])).toBe(AuditAction.Restore);
    expect(auditAction('PATCH', true, ['/:id/restore/'])).toBe(AuditAction.Restore);
  });

  it('anything else on an existing entity updates', () => {
    expect(auditAction('PATCH', true, [':id'])).toBe(AuditAction.Update);
    expect(auditAction('PUT', true, [':id'])).toBe(AuditAction.Update);
    expect(auditAction('POST', true, [':id/convert'])).toBe(AuditAction.Update);
    expect(auditAction('POST', true, [':id/restored-copy'])).toBe(AuditAction.Update);
  });
});
