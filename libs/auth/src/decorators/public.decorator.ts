import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'auth:isPublic';

/** The route needs no token (login, refresh, health, signed downloads). */
export const Public = () => SetMetadata(IS_PUBLIC, true);
