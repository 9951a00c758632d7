import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser, Role, Roles } from '@app/auth';
import { Audited, ParseObjectIdPipe, toResponse, toResponseList } from '@app/common';
import { CreateWebhookDto, DeliveryQueryDto, ReplayWebhookDto, UpdateWebhookDto } from './dto/webhook.dto';
import {
  CreatedWebhookResponse,
  WebhookDeliveryListResponse,
  WebhookDeliveryResponse,
  WebhookListResponse,
  WebhookReplayResponse,
  WebhookResponse,
} from './dto/webhook.response';
import { WebhookDeliveryRecord } from './webhook.schema';
import { WebhooksService } from './webhooks.service';

const presentDelivery = (delivery: WebhookDeliveryRecord): WebhookDeliveryResponse => ({
  ...toResponse(WebhookDeliveryResponse, delivery as unknown as Record<string, unknown>),
  event_id: String(delivery.event_seq),
});

/** Webhook subscriptions (admins): events POSTed per the Standard Webhooks spec, signed with the endpoint's secret. */
@ApiTags('webhooks')
@Audited('webhook', 'Webhook')
@Controller('webhooks')
@Roles(Role.Admin)
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  /** The response carries the signing secret (`whsec_…`) this once. Events from now on are delivered; replay reaches older ones. */
  @Post()
  async create(@Body() dto: CreateWebhookDto, @CurrentUser() user: AuthUser): Promise<CreatedWebhookResponse> {
    const created = await this.webhooks.create(dto, user);
    return { ...toResponse(WebhookResponse, created as unknown as Record<string, unknown>), secret: created.secret };
  }

  @Get()
  async list(): Promise<WebhookListResponse> {
    return { data: toResponseList(WebhookResponse, (await this.webhooks.list()) as unknown as Record<string, unknown>[]) };
  }

  @Get(':id')
  async findOne(@Param('id', ParseObjectIdPipe) id: string): Promise<WebhookResponse> {
    return toResponse(WebhookResponse, (await this.webhooks.findOne(id)) as unknown as Record<string, unknown>);
  }

  /** `active: true` re-enables an endpoint the worker disabled (its failure count restarts). */
  @Patch(':id')
  async update(@Param('id', ParseObjectIdPipe) id: string, @Body() dto: UpdateWebhookDto): Promise<WebhookResponse> {
    return toResponse(WebhookResponse, (await this.webhooks.update(id, dto)) as unknown as Record<string, unknown>);
  }

  /** Deletes the subscription and its delivery log. */
  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  async remove(@Param('id', ParseObjectIdPipe) id: string): Promise<void> {
    await this.webhooks.remove(id);
  }

  /** The delivery log, newest event first: status, attempts, the last response code, latency and error. */
  @Get(':id/deliveries')
  async deliveries(@Param('id', ParseObjectIdPipe) id: string, @Query() query: DeliveryQueryDto): Promise<WebhookDeliveryListResponse> {
    return { data: (await this.webhooks.deliveries(id, query)).map(presentDelivery) };
  }

  /** Sends the delivery again now (before the endpoint's later events, which keep their order). */
  @Post(':id/deliveries/:deliveryId/redeliver')
  @HttpCode(HttpStatus.OK)
  async redeliver(@Param('id', ParseObjectIdPipe) id: string, @Param('deliveryId', ParseObjectIdPipe) deliveryId: string): Promise<WebhookDeliveryResponse> {
    return presentDelivery(await this.webhooks.redeliver(id, deliveryId));
  }

  /** Delivers again, in order, every subscribed event after `after_event_id` (the ids of GET /events). */
  @Post(':id/replay')
  @HttpCode(HttpStatus.OK)
  replay(@Param('id', ParseObjectIdPipe) id: string, @Body() dto: ReplayWebhookDto): Promise<WebhookReplayResponse> {
    return this.webhooks.replay(id, dto);
  }
}
