import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentUser } from '../decorators/current-user.decorator';
import { Roles } from '../decorators/roles.decorator';
import { AuthUser, Role } from '../role';
import { CreateUserDto } from './dto/create-user.dto';
import { UpdateUserDto } from './dto/update-user.dto';
import { UserQueryDto, USER_LIST_SPEC } from './dto/user-query.dto';
import { UserResponse } from './dto/user.response';
import { UsersService } from './users.service';
import { ApiPageResponse, PageResponse, ParseObjectIdPipe, toResponse, toResponseList, Audited, ApiErrors } from '@app/common';

@ApiTags('users')
@Audited('user', 'User')
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Post()

  @ApiErrors({ 409: 'The email is already in use' })
  @Roles(Role.Admin)
  async create(@Body() dto: CreateUserDto): Promise<UserResponse> {
    return toResponse(UserResponse, await this.users.create(dto));
  }

  @Get()
  @Roles(Role.Admin, Role.Manager)
  @ApiPageResponse(UserResponse, USER_LIST_SPEC)
  async list(@Query() query: UserQueryDto): Promise<PageResponse<UserResponse>> {
    const page = await this.users.list(query);
    return { ...page, data: toResponseList(UserResponse, page.data as Record<string, unknown>[]) };
  }

  @Get(':id')
  @Roles(Role.Admin, Role.Manager)
  async get(@Param('id', ParseObjectIdPipe) id: string): Promise<UserResponse> {
    return toResponse(UserResponse, await this.users.findById(id));
  }

  /** Role change or deactivation revokes the user's tokens. */
  @Patch(':id')
  @ApiErrors({ 409: 'The email is already in use' })
  @Roles(Role.Admin)
  async update(@Param('id', ParseObjectIdPipe) id: string, @Body() dto: UpdateUserDto, @CurrentUser() actor: AuthUser): Promise<UserResponse> {
    return toResponse(UserResponse, await this.users.update(id, dto, actor.id));
  }

  /** Soft delete: the user is deactivated and hidden; records referencing them stay intact. */
  @Delete(':id')
  @Roles(Role.Admin)
  @HttpCode(HttpStatus.NO_CONTENT)
  async remove(@Param('id', ParseObjectIdPipe) id: string, @CurrentUser() actor: AuthUser): Promise<void> {
    await this.users.remove(id, actor.id);
  }
}
