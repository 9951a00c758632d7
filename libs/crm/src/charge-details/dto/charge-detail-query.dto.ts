import { IsEnum, IsOptional } from 'class-validator';
import { ListQueryDto, ListSpec } from '@app/common';
import { CardBrand } from '@app/crypto';
import { WITHOUT_CIPHERTEXT } from '../charge-detail.schema';

export class ChargeDetailQueryDto extends ListQueryDto {
  @IsOptional() @IsEnum(CardBrand)
  brand?: CardBrand;
}

export const CHARGE_DETAIL_LIST_SPEC: ListSpec = {
  filters: { brand: { field: 'brand' } },
  sortable: ['created_at', 'updated_at', 'expiry_year', 'brand', 'card_holder'],
  defaultSort: '-created_at',
  projection: { ...WITHOUT_CIPHERTEXT },
};
