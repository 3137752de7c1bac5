import { SetMetadata } from '@nestjs/common';
import type { Role } from './api-keys';

export const ROLES_METADATA = 'ledger:roles';
export const PUBLIC_METADATA = 'ledger:public';

/** The roles allowed on a route or controller; `admin` is always allowed too. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_METADATA, roles);

/** Served without a key. Only health endpoints should carry this. */
export const Public = () => SetMetadata(PUBLIC_METADATA, true);
