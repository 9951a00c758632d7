export * from './files.module';
export * from './files/dto/file.response';
export * from './files/file.schema';
export * from './download/content-disposition';
export * from './storage/file-storage';
export * from './storage/file-storage.sweeper';
export * from './storage/file-storage.factory';
export * from './storage/local-disk.storage';
export * from './storage/s3-object.storage';
export * from './upload/mime-detection';
export * from './upload/multipart-upload';
export * from './upload/upload-inspector';
export * from './download/download-reply';
// The live stream (libs/events) checks a file event against the same rule the file routes use.
