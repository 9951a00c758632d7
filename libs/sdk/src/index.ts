export { accessTokenExpiry, isAccessTokenExpired } from './access-token';
export { createLogicCampClient } from './client';
export { toFormData } from './multipart';
export type { LoginCredentials, LogicCampClient, LogicCampClientOptions, SessionTokens, TwoFactorVerification } from './client';
export type { components, operations, paths } from './generated/schema';
