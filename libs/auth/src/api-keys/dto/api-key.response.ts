export class ApiKeyResponse {
  id: string;
  name: string;
  /** The key's first characters, to tell keys apart; the key itself is shown only once, at creation. */
  prefix: string;
  scopes: string[];
  expires_at: Date | null;
  revoked_at: Date | null;
  last_used_at: Date | null;
  created_by: string;
  created_at: Date;
}

export class CreatedApiKeyResponse extends ApiKeyResponse {
  /** `lc_…`: send it as `Authorization: Bearer <key>`. Shown only in this response; store it now. */
  key: string;
}
