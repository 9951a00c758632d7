import { Injectable, Logger } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { InjectModel } from '@nestjs/mongoose';
import { Model, Types } from 'mongoose';
import { AUDIT_RECORD_EVENT, AuditAction, AuditRecord, conflict, fieldError, findPage, notFound, PageResponse, DomainEvent, DomainEvents, OutboxEntry } from '@app/common';
import { AccessPolicy, AuthUser, Permission, TwoFactorService } from '@app/auth';
import { AppConfig } from '@app/config';
import { CardBrand, DecryptionError, detectCardBrand, FieldEncryptionService, lastFour, maskCardNumber } from '@app/crypto';
import { EntityLocks } from '@app/database';
import { definedFields } from '../shared/transforms';
import { cvvPurgeCutoff, expiryProblem } from './card-rules';
import { ChargeDetail, WITHOUT_CIPHERTEXT } from './charge-detail.schema';
import { CHARGE_DETAIL_LIST_SPEC, ChargeDetailQueryDto } from './dto/charge-detail-query.dto';
import { CreateChargeDetailDto } from './dto/create-charge-detail.dto';
import { RevealChargeDetailDto } from './dto/reveal-charge-detail.dto';
import { UpdateChargeDetailDto } from './dto/update-charge-detail.dto';

export const CHARGE_DETAIL_ENTITY = 'customer_charge_details';

type Row = Record<string, unknown> & { _id: Types.ObjectId };
/** A stored card without its ciphertext, plus what the API derives from it. */
export type ChargeDetailView = Omit<ChargeDetail, 'card_number_encrypted' | 'cvv_encrypted'> & { masked_number: string; has_cvv: boolean };

export type RevealedCard = {
  _id: Types.ObjectId;
  customer_id: Types.ObjectId;
  card_holder: string;
  brand: CardBrand;
  card_number: string;
  expiry_month: number;
  expiry_year: number;
};

/**
 * Customers' payment cards. The number and CVV are encrypted before they are written and only
 * the admin reveal decrypts (and audits) the number; the CVV is never decrypted at all and is
 * erased after the retention. Access follows the customer: sales users handle the cards of
 * customers they own, managers and admins every card. One card per customer is the default: every
 * write that can change which card that is (add, make default, delete) runs under the customer's
 * lock (`default-card:<customer id>`), so the check and the writes after it are one step.
 */
@Injectable()
export class ChargeDetailsService {
  private readonly logger = new Logger(ChargeDetailsService.name);

  constructor(
    @InjectModel(ChargeDetail.name) private readonly cards: Model<ChargeDetail>,
    private readonly access: AccessPolicy,
    private readonly encryption: FieldEncryptionService,
    private readonly events: EventEmitter2,
    private readonly config: AppConfig,
    private readonly locks: EntityLocks,
    private readonly twoFactor: TwoFactorService,
    private readonly domainEvents: DomainEvents,
  ) {}

  async create(customerId: string, dto: CreateChargeDetailDto, actor: AuthUser): Promise<ChargeDetailView> {
    const customer = await this.access.requireAccess(actor, Permission.CustomerUpdate, customerId);
    const { card_number, cvv, is_default, ...fields } = dto;
    const cardNumberEncrypted = this.encryption.encrypt(card_number);
    const cvvEncrypted = cvv ? this.encryption.encrypt(cvv) : undefined;
    const created = await this.underCustomerLock(customer._id, async () => {
      const now = new Date();
      // The first card is the default whatever the request says; later ones only when asked.
      const makeDefault = is_default === true || !(await this.cards.exists({ customer_id: customer._id, is_default: true }));
      const id = new Types.ObjectId();
      const card = await this.domainEvents.record([cardEntry(DomainEvent.CardAdded, id, customer._id, actor, makeDefault)], () => this.cards.create({
        _id: id,
        ...fields,
        billing_address: fields.billing_address ?? null,
        customer_id: customer._id,
        card_number_encrypted: cardNumberEncrypted,
        key_id: this.encryption.keyIdOf(cardNumberEncrypted),
        card_last4: lastFour(card_number),
        brand: detectCardBrand(card_number),
        ...(cvvEncrypted ? { cvv_encrypted: cvvEncrypted, cvv_stored_at: now } : {}),
        is_default: makeDefault,
        default_since: makeDefault ? now : null,
      }));
      if (makeDefault) await this.demoteOtherDefaults(card.customer_id, card._id);
      return card;
    });
    const { card_number_encrypted: _number, cvv_encrypted: _cvv, ...stored } = created.toObject();
    return present(stored as unknown as Row);
  }

  async listForCustomer(customerId: string, query: ChargeDetailQueryDto, actor: AuthUser): Promise<PageResponse<ChargeDetailView>> {
    const customer = await this.access.requireAccess(actor, Permission.CustomerUpdate, customerId);
    const page = await findPage(this.cards, query as ChargeDetailQueryDto & Record<string, unknown>, CHARGE_DETAIL_LIST_SPEC, { customer_id: customer._id });
    return { ...page, data: page.data.map(present) };
  }

  async findOne(id: string, actor: AuthUser): Promise<ChargeDetailView> {
    return present(await this.load(id, actor));
  }

  async update(id: string, dto: UpdateChargeDetailDto, actor: AuthUser): Promise<ChargeDetailView> {
    const current = await this.load(id, actor);
    const month = dto.expiry_month ?? current.expiry_month;
    const year = dto.expiry_year ?? current.expiry_year;
    if (dto.expiry_month !== undefined || dto.expiry_year !== undefined) {
      const problem = expiryProblem(month, year);
      if (problem) throw fieldError(problem.field, problem.message);
    }
    if (dto.is_default === false && current.is_default) {
      throw conflict('This is the customer\'s default card; make another card the default (is_default: true on it) instead of unsetting this one', [
        { field: 'is_default', message: 'cannot be unset on the default card' },
      ]);
    }
    const { is_default, ...fields } = definedFields(dto);
    const write = async (makeDefault: boolean) => {
      const set: Record<string, unknown> = { ...fields, ...(makeDefault ? { is_default: true, ...(current.is_default ? {} : { default_since: new Date() }) } : {}) };
      if (Object.keys(set).length) {
        const updated = await this.cards.updateOne({ _id: current._id }, { $set: set }, { runValidators: true });
        if (updated.matchedCount === 0) throw notFound('Charge detail');
      }
      if (makeDefault) await this.demoteOtherDefaults(current.customer_id, current._id);
    };
    if (is_default === true) await this.underCustomerLock(current.customer_id, () => write(true));
    else await write(false);
    return this.findOne(id, actor);
  }

  /** Soft delete. When the default card goes, the newest remaining card becomes the default. */
  async remove(id: string, actor: AuthUser): Promise<void> {
    const card = await this.load(id, actor);
    await this.underCustomerLock(card.customer_id, async () => {
      const result = await this.domainEvents.record(
        [cardEntry(DomainEvent.CardRemoved, card._id, card.customer_id, actor, false)],
        () => this.cards.updateOne({ _id: card._id }, { $set: { deleted_at: new Date(), deleted_by: new Types.ObjectId(actor.id), is_default: false } }),
        (outcome) => outcome.matchedCount > 0,
      );
      if (result.matchedCount === 0) throw notFound('Charge detail');
      // Read under the lock, not from `card`: it may have become the default since it was loaded.
      await this.promoteNewestCardIfNoDefault(card.customer_id);
    });
  }

  /**
   * The full number for an admin. The audit record (without the number) is written before the
   * number leaves: if it cannot be written, nothing is revealed. A value that fails to decrypt
   * (tampered, or a key no longer in the keyring) is audited as a failed reveal and answered
   * with a 409 that names neither the ciphertext nor the cause's internals. It needs a second
   * factor no older than five minutes (PCI DSS: multi-factor access to cardholder data), checked
   * (and audited) first.
   */
  async reveal(id: string, actor: AuthUser, proof: RevealChargeDetailDto): Promise<RevealedCard> {
    await this.twoFactor.requireRecentSecondFactor(actor, proof);
    const card = await this.cards
      .findById(id, { customer_id: 1, card_holder: 1, brand: 1, expiry_month: 1, expiry_year: 1, card_number_encrypted: 1, key_id: 1 })
      .lean<ChargeDetail>();
    if (!card) throw notFound('Charge detail');
    let cardNumber: string;
    try {
      cardNumber = this.encryption.decrypt(card.card_number_encrypted);
    } catch (error) {
      if (!(error instanceof DecryptionError)) throw error;
      this.logger.warn({ charge_detail_id: id, key_id: card.key_id, reason: error.message }, 'card number failed to decrypt on reveal');
      await this.audit(card, actor, 'failed');
      throw conflict(
        'The stored card number failed its integrity check and cannot be revealed (the data was altered or its encryption key is gone); delete this card and add it again',
      );
    }
    await this.audit(card, actor, 'revealed');
    return { _id: card._id, customer_id: card.customer_id, card_holder: card.card_holder, brand: card.brand, card_number: cardNumber, expiry_month: card.expiry_month, expiry_year: card.expiry_year };
  }

  /**
   * Erases every CVV stored longer than CVV_RETENTION_HOURS before `now` (deleted cards
   * included); returns how many. Idempotent: run by the scheduled cvv-purge job.
   */
  async purgeExpiredCvv(now: Date = new Date()): Promise<number> {
    const cutoff = cvvPurgeCutoff(now, this.config.retention.cvvHours);
    const result = await this.cards
      .updateMany({ cvv_stored_at: { $lt: cutoff } }, { $unset: { cvv_encrypted: 1, cvv_stored_at: 1 } })
      .setOptions({ withDeleted: true });
    // Documents written without the timestamp (imports, seeds) are aged by their creation time.
    const orphans = await this.cards
      .updateMany({ cvv_encrypted: { $ne: null }, cvv_stored_at: null, created_at: { $lt: cutoff } }, { $unset: { cvv_encrypted: 1, cvv_stored_at: 1 } })
      .setOptions({ withDeleted: true });
    return result.modifiedCount + orphans.modifiedCount;
  }

  /** The live card (without ciphertext) if `actor` may handle its customer's cards. */
  private async load(id: string, actor: AuthUser): Promise<ChargeDetail> {
    const card = await this.cards.findById(id, WITHOUT_CIPHERTEXT).lean<ChargeDetail>();
    if (!card) throw notFound('Charge detail');
    await this.access.requireAccess(actor, Permission.CustomerUpdate, card.customer_id);
    return card;
  }

  /** Writes that decide which card is the customer's default, one request per customer at a time. */
  private underCustomerLock<T>(customerId: Types.ObjectId, work: () => Promise<T>): Promise<T> {
    return this.locks.withLock(`default-card:${customerId.toHexString()}`, work, {
      busy: () => conflict('Another change to this customer\'s cards is still being saved; retry in a moment', [{ field: 'customer_id', message: 'cards busy' }]),
    });
  }

  /** Step 2 of making a card default, under the customer's lock: every other card stops being one. */
  private async demoteOtherDefaults(customerId: Types.ObjectId, cardId: Types.ObjectId): Promise<void> {
    await this.cards.updateMany({ customer_id: customerId, is_default: true, _id: { $ne: cardId } }, { $set: { is_default: false } });
  }

  private async promoteNewestCardIfNoDefault(customerId: Types.ObjectId): Promise<void> {
    if (await this.cards.exists({ customer_id: customerId, is_default: true })) return;
    const newest = await this.cards.findOne({ customer_id: customerId }, { _id: 1 }).sort({ created_at: -1, _id: -1 }).lean();
    if (!newest) return;
    await this.cards.updateOne({ _id: newest._id }, { $set: { is_default: true, default_since: new Date() } });
    await this.demoteOtherDefaults(customerId, newest._id);
  }

  private async audit(card: Pick<ChargeDetail, '_id' | 'customer_id' | 'key_id'>, actor: AuthUser, outcome: 'revealed' | 'failed'): Promise<void> {
    await this.events.emitAsync(AUDIT_RECORD_EVENT, {
      action: AuditAction.Read,
      entity_type: CHARGE_DETAIL_ENTITY,
      entity_id: card._id.toHexString(),
      actor_id: actor.id,
      metadata: { field: 'card_number', outcome, customer_id: String(card.customer_id), key_id: card.key_id },
    } satisfies AuditRecord);
  }
}

/** What the API derives from a stored card: the mask and whether a CVV is still on file. */
function present(card: ChargeDetail | Row): ChargeDetailView {
  const row = card as ChargeDetail;
  return { ...(row as unknown as ChargeDetailView), masked_number: maskCardNumber(String(row.card_last4 ?? '')), has_cvv: Boolean(row.cvv_stored_at) };
}

/** A card's events name the card and its customer only: never its number, CVV, last four digits or expiry. */
function cardEntry(name: typeof DomainEvent.CardAdded | typeof DomainEvent.CardRemoved, id: Types.ObjectId, customerId: Types.ObjectId, actor: AuthUser, isDefault: boolean): OutboxEntry {
  const customer = customerId.toHexString();
  return {
    name,
    payload: { entity_id: id.toHexString(), actor_id: actor.id, changes: { customer_id: customer, is_default: isDefault }, scope: { customer_id: customer } },
    confirm: { collection: 'customer_charge_details', filter: name === DomainEvent.CardAdded ? { _id: id } : { _id: id, deleted_at: { $ne: null } } },
  };
}
