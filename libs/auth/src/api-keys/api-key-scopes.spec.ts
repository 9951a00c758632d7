import { API_KEY_SCOPES, requiredScope, scopesAllow } from './api-key-scopes';

describe('API key scopes', () => {
  it('reads for GET and HEAD, writes for every other method', () => {
    expect(requiredScope('crm', 'GET')).toBe('crm:read');
    expect(requiredScope('crm', 'head')).toBe('crm:read');
    for (const method of ['POST', 'PATCH', 'PUT', 'DELETE']) expect(requiredScope('projects', method)).toBe('projects:write');
  });

  it('an area wildcard grants both levels of that area only', () => {
    expect(scopesAllow(['tasks:*'], 'tasks:write')).toBe(true);
    expect(scopesAllow(['tasks:*'], 'tasks:read')).toBe(true);
    expect(scopesAllow(['tasks:*'], 'projects:read')).toBe(false);
    expect(scopesAllow(['crm:read'], 'crm:write')).toBe(false);
  });

  it('read-only areas offer no write scope and no wildcard', () => {
    expect(API_KEY_SCOPES).toContain('metrics:read');
    expect(API_KEY_SCOPES).not.toContain('metrics:write');
    expect(API_KEY_SCOPES).not.toContain('metrics:*');
    expect(API_KEY_SCOPES).toContain('crm:*');
  });
});
