export * from './auth.module';
export * from './decorators/current-user.decorator';
export * from './decorators/public.decorator';
export * from './decorators/roles.decorator';
export * from './role';
export * from './users/dto/user.response';
export * from './users/user.schema';
export * from './users/users.service';
