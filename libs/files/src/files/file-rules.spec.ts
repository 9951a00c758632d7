import { Role } from '@app/auth';
import { canDeleteFile, canSeeFile, parseAllowedRoles } from './file-rules';

const user = (role: Role, id = 'u1') => ({ id, role, email: `${id}@x.io`, department: null });

describe('parseAllowedRoles', () => {
  it('defaults to every role', () => {
    expect(parseAllowedRoles(undefined)).toEqual(['admin', 'manager', 'sales', 'support', 'tech']);
  });

  it('accepts repeated fields and comma-separated values, de-duplicated', () => {
    expect(parseAllowedRoles(['tech, Manager', 'tech'])).toEqual(['tech', 'manager']);
  });

  it('names unknown roles in the error', () => {
    expect(() => parseAllowedRoles(['tech,boss'])).toThrow('allowed_roles must be roles among admin, manager, sales, support, tech (got boss)');
    expect(() => parseAllowedRoles([' , '])).toThrow(/at least one role/);
  });
});

describe('file access', () => {
  const file = { uploaded_by: 'owner', allowed_roles: [Role.Manager] };

  it('admins and the uploader always see a file; others by role', () => {
    expect(canSeeFile(file as never, user(Role.Admin))).toBe(true);
    expect(canSeeFile(file as never, user(Role.Tech, 'owner'))).toBe(true);
    expect(canSeeFile(file as never, user(Role.Manager))).toBe(true);
    expect(canSeeFile(file as never, user(Role.Tech))).toBe(false);
  });

  it('the uploader, the project manager, managers and admins may delete', () => {
    const project = { user_id: 'pm' };
    expect(canDeleteFile(file as never, project, user(Role.Tech, 'owner'))).toBe(true);
    expect(canDeleteFile(file as never, project, user(Role.Sales, 'pm'))).toBe(true);
    expect(canDeleteFile(file as never, project, user(Role.Manager))).toBe(true);
    expect(canDeleteFile(file as never, project, user(Role.Tech))).toBe(false);
  });
});
