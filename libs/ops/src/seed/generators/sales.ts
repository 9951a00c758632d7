import type { SeedGenerator } from '../seed-generator';

const INDUSTRIES = ['Retail', 'Healthcare', 'Real Estate', 'Hospitality', 'Legal', 'Education', 'Manufacturing', 'Finance', 'Construction', 'Fitness', 'Restaurants', 'Automotive'];
const TAGS = ['enterprise', 'smb', 'startup', 'ecommerce', 'nonprofit', 'priority', 'referral', 'agency', 'local'];
const LOST_REASONS = ['Chose a competitor', 'No budget this year', 'Project postponed', 'No response after proposal', 'Went in-house'];
/** Stripe's test numbers: Luhn-valid, never chargeable. */
export const TEST_CARDS = [
  { number: '4242424242424242', brand: 'visa' },
  { number: '5555555555554444', brand: 'mastercard' },
  { number: '378282246310005', brand: 'amex' },
  { number: '6011111111111117', brand: 'discover' },
];

function address(ctx: Parameters<SeedGenerator['build']>[0]) {
  const { location } = ctx.faker;
  return {
    line1: location.streetAddress(),
    line2: ctx.chance(0.2) ? location.secondaryAddress() : null,
    city: location.city(),
    state: location.state({ abbreviated: true }),
    postal_code: location.zipCode('#####'),
    country: 'US',
  };
}

export const leadsGenerator: SeedGenerator = {
  collection: 'leads',
  requires: ['users'],
  build(ctx, i) {
    const { faker } = ctx;
    const _id = ctx.id('leads', i);
    const agent = ctx.user('sales');
    const status = ctx.weighted({ new: 20, contacted: 18, qualified: 15, proposal: 10, negotiation: 7, won: 15, lost: 15 });
    const source = ctx.weighted({ website: 25, referral: 20, cold_call: 10, email_campaign: 15, social_media: 12, business_directory: 13, other: 5 });
    const first_name = faker.person.firstName();
    const last_name = faker.person.lastName();
    const company_name = faker.company.name();
    const created_at = ctx.daysAgo(540, 1);
    const ref = { _id, agent_id: agent._id, status, source, first_name, last_name, company_name, phone: ctx.phone(), email: faker.internet.email({ firstName: first_name, lastName: last_name }).toLowerCase() };
    const converted = status === 'won' && ctx.refs.convertedLeads.length < Math.floor(ctx.count('customers') * 0.6);
    const converted_at = converted ? ctx.between(created_at, ctx.refDate) : null;
    // The k-th directory-sourced lead came from the k-th directory entry (which records it back).
    const directoryIndex = source === 'business_directory' ? ctx.refs.leads.filter((lead) => lead.source === 'business_directory').length : -1;
    const directory_id = directoryIndex >= 0 && directoryIndex < ctx.count('business_directories') ? ctx.id('business_directories', directoryIndex) : undefined;
    // Projects are made for customers in order, so a converted customer's first project is known.
    const customerIndex = ctx.refs.convertedLeads.length;
    ctx.refs.leads.push(ref);
    if (converted) ctx.refs.convertedLeads.push({ ...ref, converted_at: converted_at! });
    return {
      _id,
      first_name,
      last_name,
      email: ref.email,
      phone: ref.phone,
      company_name,
      source,
      status,
      priority: ctx.weighted({ low: 25, medium: 45, high: 22, urgent: 8 }),
      agent_id: agent._id,
      estimated_value: ctx.money(500, 60000),
      next_follow_up_at: ['won', 'lost'].includes(status) ? null : ctx.daysAhead(1, 45),
      lost_reason: status === 'lost' ? ctx.pick(LOST_REASONS) : null,
      notes: ctx.chance(0.5) ? faker.company.catchPhrase() : null,
      converted_customer_id: converted ? ctx.id('customers', customerIndex) : null,
      converted_project_id: converted && customerIndex < ctx.count('projects') ? ctx.id('projects', customerIndex) : null,
      converted_at,
      // Absent, never null, when not from the directory (a unique sparse index skips only absent fields).
      ...(directory_id ? { directory_id } : {}),
      created_at,
      updated_at: ctx.between(created_at, ctx.refDate),
    };
  },
};

export const customersGenerator: SeedGenerator = {
  collection: 'customers',
  requires: ['users'],
  build(ctx, i) {
    const { faker } = ctx;
    const _id = ctx.id('customers', i);
    const lead = ctx.refs.convertedLeads[i];
    const company_name = lead?.company_name ?? faker.company.name();
    const name = lead ? `${lead.first_name} ${lead.last_name}` : faker.person.fullName();
    const owner = lead ? lead.agent_id : ctx.user('sales')._id;
    const created_at = lead?.converted_at ?? ctx.daysAgo(720, 1);
    ctx.refs.customers.push({ _id, name, owner_id: owner, created_at });
    return {
      _id,
      name,
      email: lead?.email ?? faker.internet.email({ firstName: name.split(' ')[0], lastName: `${i}` }).toLowerCase(),
      phone: lead?.phone ?? ctx.phone(),
      company_name,
      website: `https://www.${faker.internet.domainWord()}-${i}.example.com`,
      address: address(ctx),
      status: lead ? 'active' : ctx.weighted({ active: 55, inactive: 10, prospect: 25, churned: 10 }),
      owner_id: owner,
      tags: faker.helpers.arrayElements(TAGS, { min: 0, max: 3 }),
      // Absent, never null, on customers created directly (unique sparse index).
      ...(lead ? { lead_id: lead._id } : {}),
      created_at,
      updated_at: ctx.between(created_at, ctx.refDate),
    };
  },
};

export const businessDirectoriesGenerator: SeedGenerator = {
  collection: 'business_directories',
  requires: ['users'],
  build(ctx, i) {
    const { faker } = ctx;
    const fromDirectory = ctx.memo('leadsFromDirectory', () => ctx.refs.leads.filter((lead) => lead.source === 'business_directory'));
    const lead = fromDirectory[i];
    const status = lead ? 'converted' : ctx.weighted({ new: 50, contacted: 30, not_interested: 20 });
    const industry = ctx.pick(INDUSTRIES);
    const created_at = ctx.daysAgo(720, 30);
    const contactName = { first: faker.person.firstName(), last: faker.person.lastName() };
    const contacted_at = status === 'new' ? null : ctx.between(created_at, ctx.refDate);
    return {
      _id: ctx.id('business_directories', i),
      name: lead?.company_name ?? faker.company.name(),
      industry: industry.toLowerCase(),
      country: 'US',
      city: faker.location.city(),
      website: `https://${faker.internet.domainWord()}-${i}.example.com`,
      contact: {
        name: lead ? `${lead.first_name} ${lead.last_name}` : `${contactName.first} ${contactName.last}`,
        email: lead?.email ?? faker.internet.email({ firstName: contactName.first, lastName: contactName.last }).toLowerCase(),
        phone: lead?.phone ?? ctx.phone(),
        job_title: faker.person.jobTitle().slice(0, 100),
      },
      description: `${industry} business: ${faker.company.catchPhrase()}`,
      status,
      agent_id: lead?.agent_id ?? (status === 'new' ? null : ctx.user('sales')._id),
      contacted_at,
      converted_lead_id: lead?._id ?? null,
      converted_at: lead ? contacted_at : null,
      created_at,
      updated_at: ctx.between(created_at, ctx.refDate),
    };
  },
};

export const chargeDetailsGenerator: SeedGenerator = {
  collection: 'customer_charge_details',
  requires: ['customers'],
  build(ctx, i) {
    const { faker } = ctx;
    const customer = ctx.refs.customers[i % ctx.refs.customers.length];
    const card = ctx.pick(TEST_CARDS);
    const expiry = ctx.daysAhead(60, 4 * 365);
    const created_at = ctx.between(customer.created_at, ctx.refDate);
    // Cards added in the last day still hold their CVV (the purge job erases older ones).
    const recent = created_at.getTime() > ctx.refDate.getTime() - 86400_000;
    const is_default = i < ctx.refs.customers.length;
    return {
      _id: ctx.id('customer_charge_details', i),
      customer_id: customer._id,
      card_holder: customer.name,
      card_number_encrypted: ctx.encryption.encrypt(card.number),
      // Absent once purged (or never stored), as the charge-details service leaves it.
      ...(recent ? { cvv_encrypted: ctx.encryption.encrypt(card.brand === 'amex' ? faker.string.numeric(4) : faker.string.numeric(3)), cvv_stored_at: created_at } : {}),
      key_id: ctx.encryption.activeKeyId,
      card_last4: card.number.slice(-4),
      brand: card.brand,
      expiry_month: expiry.getUTCMonth() + 1,
      expiry_year: expiry.getUTCFullYear(),
      billing_address: address(ctx),
      is_default,
      default_since: is_default ? created_at : null,
      created_at,
      updated_at: created_at,
    };
  },
};

export const upsellsGenerator: SeedGenerator = {
  collection: 'upsells',
  requires: ['projects', 'users'],
  build(ctx, i) {
    const { faker } = ctx;
    const project = ctx.pick(ctx.refs.projects);
    const payment_status = ctx.weighted({ pending: 25, paid: 60, failed: 8, refunded: 7 });
    const created_at = ctx.between(project.start_date, ctx.refDate);
    const seller = ctx.user('sales');
    const _id = ctx.id('upsells', i);
    const paid_at = ['paid', 'refunded'].includes(payment_status) ? ctx.between(created_at, ctx.refDate) : null;
    ctx.refs.upsells.push({ _id, project_id: project._id, owner_id: seller._id });
    return {
      _id,
      customer_id: project.customer_id,
      project_id: project._id,
      sold_by: seller._id,
      description: `${faker.commerce.productAdjective()} ${ctx.pick(['SEO audit', 'landing page', 'hosting upgrade', 'ad campaign', 'maintenance plan', 'logo refresh'])}`,
      amount: ctx.money(150, 9000),
      currency: project.currency,
      payment_status,
      paid_at,
      refunded_at: payment_status === 'refunded' ? ctx.between(paid_at!, ctx.refDate) : null,
      created_at,
      updated_at: created_at,
    };
  },
};
