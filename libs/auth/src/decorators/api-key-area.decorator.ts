import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth } from '@nestjs/swagger';
import type { ApiKeyAreaName } from '../api-keys/api-key-scopes';

export const API_KEY_AREA = 'auth:apiKeyArea';

/** The OpenAPI security scheme of API keys: the same `Authorization: Bearer` header, with an `lc_…` key. */
export const API_KEY_SECURITY_SCHEME = 'api_key';

/**
 * The part of the API a controller belongs to, for API keys: a key may call its routes when it
 * holds `<area>:read` (GET) or `<area>:write` (other methods). Deny by default: a route whose
 * controller declares no area is never callable with a key. Roles still govern people.
 */
export const ApiKeyArea = (area: ApiKeyAreaName) => applyDecorators(SetMetadata(API_KEY_AREA, area), ApiBearerAuth(API_KEY_SECURITY_SCHEME));

/** On a handler of an API-key area: this route is for people only (e.g. a card reveal, which needs a second factor). */
export const NoApiKeys = () => SetMetadata(API_KEY_AREA, null);
