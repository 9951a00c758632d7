import { Inject, Injectable, Logger } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { InjectModel } from '@nestjs/mongoose';
import type { FastifyRequest } from 'fastify';
import { Model, Types } from 'mongoose';
import type { Readable } from 'stream';
import { AUDIT_RECORD_EVENT, AuditAction, AuditRecord } from '@app/audit';
import { AccessPolicy, AuthUser, Permission, UserDirectory } from '@app/auth';
import { AppConfig } from '@app/config';
import { badRequest, DomainEvent, DomainEvents, findPage, notFound, OutboxEntry, PageResponse } from '@app/common';
import { ProjectAccessView, projectMembers } from '@app/projects';
import { sanitizeFileName } from '../download/content-disposition';
import { BlobNotFoundError, FILE_STORAGE, FileStorage, StoredBlob } from '../storage/file-storage';
import { receiveFile } from '../upload/multipart-upload';
import { UploadInspector } from '../upload/upload-inspector';
import { FILE_LIST_SPEC, FileQueryDto } from './dto/file-query.dto';
import { parseAllowedRoles } from './file-rules';
import { FILE_MODEL, ProjectFile } from './file.schema';

/** A lean `files` document. */
export type FileRecord = { [K in keyof ProjectFile]: ProjectFile[K] };

/** Everything a download needs: the metadata for headers and the content stream. */
export interface FileDownload {
  file: FileRecord;
  content: Readable;
}

@Injectable()
export class FilesService {
  private readonly logger = new Logger(FilesService.name);

  constructor(
    @InjectModel(FILE_MODEL) private readonly files: Model<ProjectFile>,
    @Inject(FILE_STORAGE) private readonly storage: FileStorage,
    private readonly people: UserDirectory,
    private readonly access: AccessPolicy,
    private readonly events: EventEmitter2,
    private readonly domainEvents: DomainEvents,
    private readonly config: AppConfig,
  ) {}

  /**
   * Streams the multipart `file` part to storage (type sniffed, size capped), then records it.
   * Order: blob first, document second — a crash in between leaves an orphan blob for the sweep,
   * never a document pointing at nothing.
   */
  async upload(projectId: string, user: AuthUser, request: FastifyRequest): Promise<FileRecord> {
    const project = await this.access.requireAccess(user, Permission.ProjectRead, projectId);
    const maxBytes = this.config.files.maxBytes;
    const inspector = new UploadInspector(() => ({ bytes: maxBytes, label: 'project files' }));
    const upload = await receiveFile<StoredBlob>(request, {
      fileField: 'file',
      fields: ['allowed_roles'],
      maxFileBytes: maxBytes,
      store: (part) => this.storage.put(inspector.inspect(part.file)),
      discard: (blob) => this.storage.delete(blob.key),
    });
    const blob = upload.stored;
    let created: { _id: Types.ObjectId };
    try {
      if (blob.size === 0) throw badRequest('file is empty', [{ field: 'file', message: 'must not be empty' }]);
      const fields = {
        _id: new Types.ObjectId(),
        project_id: project._id,
        uploaded_by: new Types.ObjectId(user.id),
        original_name: sanitizeFileName(upload.fileName),
        mime_type: inspector.mimeType,
        size: blob.size,
        sha256: blob.sha256,
        storage_key: blob.key,
        allowed_roles: parseAllowedRoles(upload.fields.allowed_roles),
      };
      created = await this.domainEvents.record([await this.uploadedEntry(fields, project, user)], () => this.files.create(fields));
    } catch (error) {
      await this.storage.delete(blob.key);
      throw error;
    }
    return this.findRecord(created._id);
  }

  async list(projectId: string, user: AuthUser, query: FileQueryDto): Promise<PageResponse> {
    const project = await this.access.requireAccess(user, Permission.ProjectRead, projectId);
    return findPage(this.files, query as FileQueryDto & Record<string, unknown>, FILE_LIST_SPEC, {
      project_id: project._id,
      ...(await this.access.scopeFilter(user, Permission.FileRead)),
    });
  }

  async findVisible(id: string, user: AuthUser): Promise<FileRecord> {
    return (await this.findWithProject(id, user)).file;
  }

  /** Opens the content for streaming, after recording the read in the audit trail. */
  async download(id: string, user: AuthUser): Promise<FileDownload> {
    const { file } = await this.findWithProject(id, user);
    let content: Readable;
    try {
      content = await this.storage.get(file.storage_key);
    } catch (error) {
      if (!(error instanceof BlobNotFoundError)) throw error;
      this.logger.error(`file ${String(file._id)} has no blob at ${file.storage_key}`);
      throw notFound('File content');
    }
    try {
      const record: AuditRecord = { action: AuditAction.Read, entity_type: 'file', entity_id: String(file._id), actor_id: user.id };
      await this.events.emitAsync(AUDIT_RECORD_EVENT, record);
    } catch (error) {
      content.destroy();
      throw error;
    }
    return { file, content };
  }

  /**
   * Document first, blob second: a crash in between leaves at worst an orphan blob (removed by
   * `FileStorageSweeper`), never a listed file whose download fails.
   */
  async remove(id: string, user: AuthUser): Promise<void> {
    const { file, project } = await this.findWithProject(id, user);
    await this.access.requireRowAccess(user, Permission.FileDelete, { ...file, project_manager_id: project.user_id });
    await this.files.deleteOne({ _id: file._id });
    // The file is gone once its document is: a blob storage could not remove now (S3 unreachable)
    // is an orphan like one a crash leaves, removed by the sweep, not a failed delete.
    await this.storage.delete(file.storage_key).catch((error: unknown) => {
      this.logger.warn(`file ${String(file._id)} deleted; its blob ${file.storage_key} is left for the storage sweep (${(error as Error).message})`);
    });
  }

  /** The file and its project if `user` may see both; 404 otherwise (existence is not disclosed). */
  private async findWithProject(id: string, user: AuthUser): Promise<{ file: FileRecord; project: ProjectAccessView }> {
    const file = await this.files.findById(id).lean<FileRecord>();
    if (!file) throw notFound('File');
    const project = await this.access.requireAccess(user, Permission.ProjectRead, file.project_id).catch(() => null);
    if (!project) throw notFound('File');
    await this.access.requireRowAccess(user, Permission.FileRead, file);
    return { file, project };
  }

  private async findRecord(id: Types.ObjectId): Promise<FileRecord> {
    const file = await this.files.findById(id).lean<FileRecord>();
    if (!file) throw notFound('File');
    return file;
  }

  /** The project's manager and team hear about it, except the uploader and those the file is hidden from. */
  private async uploadedEntry(file: Pick<FileRecord, '_id' | 'uploaded_by' | 'allowed_roles' | 'original_name' | 'mime_type' | 'size'>, project: ProjectAccessView, user: AuthUser): Promise<OutboxEntry> {
    const memberIds = projectMembers(project).filter((id) => id !== user.id);
    const people = await this.people.findActive([...memberIds, user.id]);
    const uploader = people.find((person) => person._id.toHexString() === user.id);
    const others = people.filter((person) => person._id.toHexString() !== user.id);
    const sees = await Promise.all(others.map((person) => this.access.allows({ id: person._id.toHexString(), role: person.role, department: null }, Permission.FileRead, file)));
    const recipients = others.filter((_, index) => sees[index]).map((person) => person._id.toHexString());
    return {
      name: DomainEvent.FileUploaded,
      payload: {
        recipient_ids: recipients,
        actor_id: user.id,
        entity_type: 'file',
        entity_id: String(file._id),
        data: {
          file_name: file.original_name,
          project_name: project.name,
          uploaded_by: uploader ? `${uploader.first_name} ${uploader.last_name}` : user.email,
        },
      },
      changes: { original_name: file.original_name, mime_type: file.mime_type, size: file.size, allowed_roles: file.allowed_roles },
      scope: { project_id: String(project._id) },
      confirm: { collection: 'files', filter: { _id: file._id } },
    };
  }
}
