import { Role } from '../role';
import { mapGroupsToRole, readProviderIdentity } from './provider-identity';

describe('provider identity', () => {
  const map = [['crm-admins', 'admin'], ['sales', 'sales'], ['everyone', 'support']] as const;

  it('gives the role of the first mapped group in configured order, whatever order the provider lists groups in', () => {
    expect(mapGroupsToRole(['everyone', 'crm-admins'], map, undefined)).toBe(Role.Admin);
    expect(mapGroupsToRole(['sales', 'everyone'], map, undefined)).toBe(Role.Sales);
  });

  it('falls back to the default role, or refuses (null) without one', () => {
    expect(mapGroupsToRole(['marketing'], map, 'tech')).toBe(Role.Tech);
    expect(mapGroupsToRole([], map, undefined)).toBeNull();
  });

  it('normalises the email and trusts only email_verified === true', () => {
    const identity = readProviderIdentity({ sub: 's1', email: ' Ada@Example.COM ', email_verified: 'true', groups: ['sales', 7] }, 'groups');
    expect(identity).toMatchObject({ email: 'ada@example.com', emailVerified: false, groups: ['sales'] });
    expect(readProviderIdentity({ sub: 's1', email: 'a@b.c', email_verified: true }, 'groups').emailVerified).toBe(true);
  });

  it('reads names from given/family name, else from name, and the groups from the configured claim', () => {
    expect(readProviderIdentity({ sub: 's', name: 'Ada King Lovelace', roles: 'crm-admins' }, 'roles')).toMatchObject({ firstName: 'Ada', lastName: 'King Lovelace', groups: ['crm-admins'] });
    expect(readProviderIdentity({ sub: 's', given_name: 'Grace', family_name: 'Hopper' }, 'groups')).toMatchObject({ firstName: 'Grace', lastName: 'Hopper', groups: [] });
  });

  it('counts amr mfa or otp as a second factor, pwd alone not', () => {
    expect(readProviderIdentity({ sub: 's', amr: ['pwd', 'mfa'] }, 'groups').multiFactor).toBe(true);
    expect(readProviderIdentity({ sub: 's', amr: ['otp'] }, 'groups').multiFactor).toBe(true);
    expect(readProviderIdentity({ sub: 's', amr: ['pwd'] }, 'groups').multiFactor).toBe(false);
  });
});
