/**
 * openapi-fetch body serializer for the multipart routes (file uploads, messages with files): each
 * property becomes a part, arrays repeat the field, Blobs and Files are file parts (a File keeps its name).
 * `client.POST('/projects/{projectId}/files', { params, body: { file }, bodySerializer: toFormData })`
 */
export function toFormData(body: object): FormData {
  const form = new FormData();
  const entries: [string, unknown][] = Object.entries(body);
  for (const [field, value] of entries) {
    for (const part of Array.isArray(value) ? value : [value]) {
      if (part === undefined || part === null) continue;
      if (part instanceof Blob) form.append(field, part, part instanceof File ? part.name : 'blob');
      else form.append(field, String(part));
    }
  }
  return form;
}
