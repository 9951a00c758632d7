import type { SeedGenerator } from '../seed-generator';

const ROLE_SHARES: [string, number][] = [
  ['admin', 0.04],
  ['manager', 0.1],
  ['sales', 0.3],
  ['support', 0.2],
  ['tech', 0.36],
];

const DEPARTMENT_OF_ROLE: Record<string, string[]> = {
  admin: ['Operations'],
  manager: ['Sales', 'Delivery', 'Support', 'Engineering'],
  sales: ['Sales'],
  support: ['Support', 'Customer Success'],
  tech: ['Engineering', 'Design'],
};

/** Roles by position, so every size has each role (the first five users cover all of them). */
export function roleFor(index: number, total: number): string {
  if (index < ROLE_SHARES.length) return ROLE_SHARES[index][0];
  const position = index / total;
  let cumulative = 0;
  for (const [role, share] of ROLE_SHARES) {
    cumulative += share;
    if (position < cumulative) return role;
  }
  return 'tech';
}

export const usersGenerator: SeedGenerator = {
  collection: 'users',
  requires: [],
  build(ctx, i) {
    const { faker } = ctx;
    const role = roleFor(i, ctx.count('users'));
    const first_name = faker.person.firstName();
    const last_name = faker.person.lastName();
    // The seed and position keep emails unique across seeds without looking machine-made.
    const email = `${first_name}.${last_name}.${ctx.seed}${i}@example.com`.toLowerCase().replace(/[^a-z0-9.@]/g, '');
    const _id = ctx.id('users', i);
    const created_at = ctx.daysAgo(900, 60);
    const is_active = i < ROLE_SHARES.length || ctx.chance(0.94);
    ctx.refs.users.push({ _id, role, first_name, last_name, email, is_active });
    return {
      _id,
      first_name,
      last_name,
      email,
      password_hash: ctx.passwordHash,
      role,
      department: ctx.pick(DEPARTMENT_OF_ROLE[role]),
      phone: ctx.chance(0.8) ? ctx.phone() : null,
      is_active,
      last_login_at: ctx.chance(0.85) ? ctx.daysAgo(30) : null,
      failed_login_attempts: 0,
      token_version: 0,
      created_at,
      updated_at: ctx.between(created_at, ctx.refDate),
    };
  },
};
