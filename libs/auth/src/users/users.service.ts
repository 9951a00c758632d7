import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, Types } from 'mongoose';
import { AppConfig } from '@app/config';
import { DomainEvent, DomainEvents, findPage, notFound, PageResponse } from '@app/common';
import { ApiKeysService } from '../api-keys/api-keys.service';
import { Role } from '../role';
import { CreateUserDto } from './dto/create-user.dto';
import { UpdateUserDto } from './dto/update-user.dto';
import { USER_LIST_SPEC, UserQueryDto } from './dto/user-query.dto';
import { PasswordHasher } from './password-hasher';
import { User, USER_PUBLIC_PROJECTION } from './user.schema';

export type UserRecord = Omit<User, 'password_hash' | 'sessions' | 'two_factor'>;

@Injectable()
export class UsersService implements OnApplicationBootstrap {
  private readonly logger = new Logger(UsersService.name);

  constructor(
    @InjectModel(User.name) private readonly users: Model<User>,
    private readonly hasher: PasswordHasher,
    private readonly events: DomainEvents,
    private readonly config: AppConfig,
    private readonly apiKeys: ApiKeysService,
  ) {}

  /** The first admin comes from ADMIN_EMAIL / ADMIN_PASSWORD when both are set. */
  async onApplicationBootstrap(): Promise<void> {
    const { adminEmail, adminPassword } = this.config.auth;
    if (adminEmail && adminPassword) await this.ensureAdmin(adminEmail, adminPassword);
  }

  /** Idempotent: creates the admin once, never overwrites an existing account's password. */
  async ensureAdmin(email: string, password: string): Promise<{ created: boolean }> {
    const existing = await this.users.exists({ email: email.toLowerCase() }).setOptions({ withDeleted: true });
    if (existing) return { created: false };
    await this.users.create({
      first_name: 'System',
      last_name: 'Administrator',
      email: email.toLowerCase(),
      password_hash: await this.hasher.hash(password),
      role: Role.Admin,
    });
    this.logger.log(`created the first admin user ${email.replace(/^(.).*@/, '$1***@')}`);
    return { created: true };
  }

  async create(dto: CreateUserDto): Promise<UserRecord> {
    const { password, ...fields } = dto;
    const created = await this.users.create({ ...fields, password_hash: await this.hasher.hash(password) });
    return this.findById(created._id.toHexString());
  }

  list(query: UserQueryDto): Promise<PageResponse> {
    return findPage(this.users, query as UserQueryDto & Record<string, unknown>, USER_LIST_SPEC);
  }

  async findById(id: string): Promise<UserRecord> {
    const user = await this.users.findById(id, USER_PUBLIC_PROJECTION).lean<UserRecord>();
    if (!user) throw notFound('User');
    return user;
  }

  async update(id: string, dto: UpdateUserDto, actorId: string): Promise<UserRecord> {
    const revokes = dto.is_active === false || dto.role !== undefined;
    const update: Record<string, unknown> = { $set: { ...dto } };
    // A role change or deactivation must not leave tokens carrying the old authority.
    if (revokes) Object.assign(update, { $inc: { token_version: 1 }, $set: { ...dto, sessions: [] } });
    const user = await this.users.findByIdAndUpdate(id, update, { new: true, runValidators: true, projection: USER_PUBLIC_PROJECTION }).lean<UserRecord>();
    if (!user) throw notFound('User');
    // Keys act on their creator's behalf, as an admin: they end with that authority.
    if (dto.is_active === false || (dto.role !== undefined && dto.role !== Role.Admin)) await this.apiKeys.revokeAllCreatedBy(id);
    if (dto.is_active === false) await this.events.emit(DomainEvent.UserDeactivated, { user_id: id, actor_id: actorId });
    return user;
  }

  /** Staff records are referenced everywhere, so delete is soft: the user is deactivated and hidden. */
  async remove(id: string, actorId: string): Promise<void> {
    const result = await this.users.updateOne(
      { _id: id },
      { $set: { deleted_at: new Date(), deleted_by: new Types.ObjectId(actorId), is_active: false, sessions: [] }, $inc: { token_version: 1 } },
    );
    if (result.matchedCount === 0) throw notFound('User');
    await this.apiKeys.revokeAllCreatedBy(id);
    await this.events.emit(DomainEvent.UserDeactivated, { user_id: id, actor_id: actorId });
  }

  /** Whether an access token with this version and session is still honoured (the strategy's own test, for long-lived streams). */
  async isSessionLive(userId: string, tokenVersion: number, sessionId: string): Promise<boolean> {
    return (await this.users.countDocuments({ _id: userId, is_active: true, token_version: tokenVersion, 'sessions.family_id': sessionId }).limit(1)) > 0;
  }

  /** Ids of the active users with one of `roles` (the admins a webhook failure is reported to). */
  async activeIdsWithRole(roles: Role[]): Promise<string[]> {
    const rows = await this.users.find({ role: { $in: roles }, is_active: true }, { _id: 1 }).lean<{ _id: Types.ObjectId }[]>();
    return rows.map((row) => row._id.toHexString());
  }

  /** Ids of every user (active or not) in `department`: the people a department's manager oversees. */
  async idsInDepartment(department: string): Promise<Types.ObjectId[]> {
    const rows = await this.users.find({ department }, { _id: 1 }).setOptions({ withDeleted: true }).lean<{ _id: Types.ObjectId }[]>();
    return rows.map((row) => row._id);
  }

  /** For other domains: throws 400 unless the user exists, is active and has the role. */
  async findActiveWithRole(id: string, roles: Role[]): Promise<UserRecord | null> {
    return this.users.findOne({ _id: id, is_active: true, role: { $in: roles } }, USER_PUBLIC_PROJECTION).lean<UserRecord>();
  }
}
