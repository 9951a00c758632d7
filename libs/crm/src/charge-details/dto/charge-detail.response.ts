import { ApiProperty } from '@nestjs/swagger';
import { CardBrand } from '@app/crypto';
import { AddressResponse } from '../../shared/address.response';

/** A stored card as the API shows it: brand, last four digits and expiry; never the number or CVV. */
export class ChargeDetailResponse {
  id: string;
  customer_id: string;
  card_holder: string;
  brand: CardBrand;
  /** The last four digits. */
  card_last4: string;
  /** Always `**** **** **** 1234`, whatever the card's length. */
  masked_number: string;
  @ApiProperty({ type: 'integer' })
  expiry_month: number;
  @ApiProperty({ type: 'integer' })
  expiry_year: number;
  billing_address: AddressResponse | null;
  is_default: boolean;
  /** Whether a CVV is still on file (it is erased after the retention period). */
  has_cvv: boolean;
  created_at: Date;
  updated_at: Date;
}

/** The full number, for admins only; every reveal is on the audit trail. The CVV is never revealed. */
export class RevealedCardResponse {
  id: string;
  customer_id: string;
  card_holder: string;
  brand: CardBrand;
  /** The full card number, digits only. */
  card_number: string;
  @ApiProperty({ type: 'integer' })
  expiry_month: number;
  @ApiProperty({ type: 'integer' })
  expiry_year: number;
}
