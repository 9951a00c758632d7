import { Injectable } from '@nestjs/common';
import { Types } from 'mongoose';
import { conflict } from '@app/common';
import { UpsellInvoicingService } from '@app/crm';
import { ProjectBillingProfile, ProjectInvoicingService, RateOverride } from '@app/projects';
import { BillableTimeRecord, TimeEntriesBillingService } from '@app/tasks';
import { DocumentLineRecord, fixedLine, LineKind, timeLine } from '../money/document-line';
import { majorToMinor } from '../money/money';

export type ClaimWindow = { from: Date; to: Date };

const day = (date: Date) => date.toISOString().slice(0, 10);

/** The most specific override wins: user + service, then user, then service, then the project's rate. */
export function hourlyRateFor(profile: Pick<ProjectBillingProfile, 'hourly_rate' | 'rate_overrides'>, userId: Types.ObjectId, serviceId: Types.ObjectId | null): number | null {
  const matches = (o: RateOverride, user: boolean, service: boolean) =>
    (user ? o.user_id?.equals(userId) : !o.user_id) && (service ? !!serviceId && !!o.service_id?.equals(serviceId) : !o.service_id);
  const pick = (user: boolean, service: boolean) => profile.rate_overrides.find((o) => matches(o, user, service))?.hourly_rate;
  return pick(true, true) ?? pick(true, false) ?? pick(false, true) ?? profile.hourly_rate;
}

/**
 * The items an invoice bills, owned by other domains and reached through their invoicing
 * services: unbilled billable time (tasks), billed recurring periods (projects), paid upsells
 * (crm). Claiming sets `invoice_id` on each item only where it is null — one conditional update
 * per document — so of two overlapping drafts each item lands on exactly one.
 */
@Injectable()
export class InvoiceSources {
  constructor(
    private readonly time: TimeEntriesBillingService,
    private readonly projects: ProjectInvoicingService,
    private readonly upsells: UpsellInvoicingService,
  ) {}

  /** 409 before anything is claimed when an item in the window is in another currency. */
  async assertOneCurrency(profile: ProjectBillingProfile, window: ClaimWindow): Promise<void> {
    const currencies = [...(await this.projects.unclaimedPeriodCurrencies(profile._id, window)), ...(await this.upsells.unclaimedCurrencies(profile._id, window))];
    const foreign = [...new Set(currencies.filter((currency) => currency !== profile.currency))];
    if (foreign.length) throw mixedCurrencies(profile.currency, foreign);
  }

  async claim(projectId: Types.ObjectId, window: ClaimWindow, invoiceId: Types.ObjectId): Promise<void> {
    await this.time.claimUnbilled(projectId, window, invoiceId);
    await this.projects.claimBilledPeriods(projectId, window, invoiceId);
    await this.upsells.claimPaid(projectId, window, invoiceId);
  }

  /** Lines for what `invoiceId` holds; 409 (the caller releases) when an item cannot be priced in the invoice's currency. */
  async lines(profile: ProjectBillingProfile, invoiceId: Types.ObjectId, taxRate: number): Promise<DocumentLineRecord[]> {
    const [entries, periods, upsells] = [
      await this.time.claimedBy(profile._id, invoiceId),
      await this.projects.periodsClaimedBy(profile._id, invoiceId),
      await this.upsells.claimedBy(profile._id, invoiceId),
    ];
    const foreign = [...new Set([...periods, ...upsells].map((item) => item.currency).filter((currency) => currency !== profile.currency))];
    if (foreign.length) throw mixedCurrencies(profile.currency, foreign);
    return [
      ...(await this.timeLines(profile, entries, taxRate)),
      ...periods.map((period) =>
        fixedLine(LineKind.Recurring, {
          description: `Recurring plan ${day(period.period_start)} – ${day(new Date(period.period_end.getTime() - 1))}`,
          amount: majorToMinor(period.amount, period.currency),
          tax_rate: taxRate,
          source_refs: [`period:${period.period_start.toISOString()}`],
        }),
      ),
      ...upsells.map((upsell) =>
        fixedLine(LineKind.Upsell, { description: upsell.description, amount: majorToMinor(upsell.amount, upsell.currency), tax_rate: taxRate, source_refs: [`upsell:${upsell._id.toHexString()}`] }),
      ),
    ];
  }

  async release(projectId: Types.ObjectId, invoiceId: Types.ObjectId): Promise<void> {
    await this.time.release(projectId, invoiceId);
    await this.projects.releasePeriods(projectId, invoiceId);
    await this.upsells.release(projectId, invoiceId);
  }

  /** One line per service (or per task without one) and rate: hours × rate from the exact minutes. */
  private async timeLines(profile: ProjectBillingProfile, entries: BillableTimeRecord[], taxRate: number): Promise<DocumentLineRecord[]> {
    const serviceIds = [...new Map(entries.filter((e) => e.service_id).map((e) => [e.service_id!.toHexString(), e.service_id!])).values()];
    const serviceNames = await this.projects.serviceNames(profile._id, serviceIds);
    const groups = new Map<string, { label: string; rate: number; minutes: number; refs: string[] }>();
    for (const entry of entries) {
      const rate = hourlyRateFor(profile, entry.user_id, entry.service_id);
      if (rate === null) {
        throw conflict('The project has no hourly_rate to price its tracked time; set hourly_rate (minor units) with PATCH /projects/:id', [
          { field: 'hourly_rate', message: 'required to invoice time' },
        ]);
      }
      const label = entry.service_id ? (serviceNames.get(entry.service_id.toHexString()) ?? entry.task_title) : entry.task_title;
      const key = `${entry.service_id ? `service:${entry.service_id.toHexString()}` : `task:${entry.task_id.toHexString()}`}@${rate}`;
      const group = groups.get(key) ?? { label, rate, minutes: 0, refs: [] };
      group.minutes += entry.minutes;
      group.refs.push(`time_entry:${entry.entry_id.toHexString()}`);
      groups.set(key, group);
    }
    return [...groups.values()].map((group) => timeLine({ description: group.label, minutes: group.minutes, hourly_rate: group.rate, tax_rate: taxRate, source_refs: group.refs }));
  }
}

function mixedCurrencies(currency: string, foreign: string[]) {
  return conflict(`An invoice has one currency (${currency}, the project's); items in the period are in ${foreign.join(', ')}: invoice them separately`, [
    { field: 'currency', message: `items in ${foreign.join(', ')}` },
  ]);
}
