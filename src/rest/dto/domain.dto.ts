import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, MaxLength, Min, ValidateNested,
} from 'class-validator';

export class CheckDomainsDto {
  @ApiProperty({ type: [String], example: ['example.az', 'şəki.az'], description: '1–100 names (U-label or A-label)' })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(100) @IsString({ each: true }) @MaxLength(300, { each: true })
  names: string[];

  @ApiPropertyOptional({ minimum: 1, maximum: 10, default: 1 })
  @IsOptional() @IsInt() @Min(1) @Max(10)
  years?: number;
}

export class DomainContactDto {
  @ApiProperty({ enum: ['admin', 'tech', 'billing'] })
  @IsIn(['admin', 'tech', 'billing'])
  type: 'admin' | 'tech' | 'billing';

  @ApiProperty({ example: 'C-ADMIN1' })
  @IsString() @Length(3, 16)
  handle: string;
}

export class DsRecordDto {
  @ApiProperty() @IsInt() @Min(0) @Max(65535) keyTag: number;
  @ApiProperty() @IsInt() @Min(0) @Max(255) alg: number;
  @ApiProperty() @IsInt() @Min(0) @Max(255) digestType: number;
  @ApiProperty({ example: '49FD46E6C4B45C55D4AC69CBD3CD34AC1AFE51DE' })
  @IsString() @Matches(/^[0-9a-fA-F]{2,128}$/) digest: string;
}

export class CreateDomainDto {
  @ApiProperty({ example: 'example.az' }) @IsString() @MaxLength(300) name: string;
  @ApiPropertyOptional({ minimum: 1, maximum: 10, default: 1 }) @IsOptional() @IsInt() @Min(1) @Max(10) years?: number;
  @ApiProperty({ description: 'Registrant contact handle' }) @IsString() @Length(3, 16) registrant: string;
  @ApiPropertyOptional({ type: [DomainContactDto] }) @IsOptional() @IsArray() @ArrayMaxSize(12) @ValidateNested({ each: true }) @Type(() => DomainContactDto) contacts?: DomainContactDto[];
  @ApiPropertyOptional({ type: [String] }) @IsOptional() @IsArray() @ArrayMaxSize(13) @IsString({ each: true }) @MaxLength(253, { each: true }) nameservers?: string[];
  @ApiPropertyOptional({ type: [DsRecordDto] }) @IsOptional() @IsArray() @ArrayMaxSize(8) @ValidateNested({ each: true }) @Type(() => DsRecordDto) dsRecords?: DsRecordDto[];
  @ApiPropertyOptional({ description: 'Transfer code (6–64 chars); generated and returned once when absent' }) @IsOptional() @IsString() @Length(6, 64) authInfo?: string;
  @ApiPropertyOptional({ description: 'Consume this hold (fails with 2308 if it expired)' }) @IsOptional() @IsString() @Matches(/^[0-9a-f-]{36}$/) holdId?: string;
}

export class RenewDomainDto {
  @ApiProperty({ example: '2027-11-24' }) @Matches(/^\d{4}-\d{2}-\d{2}$/) currentExpiryDate: string;
  @ApiPropertyOptional({ minimum: 1, maximum: 10, default: 1 }) @IsOptional() @IsInt() @Min(1) @Max(10) years?: number;
}

export class DomainLinkSetDto {
  @ApiPropertyOptional({ type: [String] }) @IsOptional() @IsArray() @ArrayMaxSize(13) @IsString({ each: true }) @MaxLength(253, { each: true }) nameservers?: string[];
  @ApiPropertyOptional({ type: [DomainContactDto] }) @IsOptional() @IsArray() @ArrayMaxSize(12) @ValidateNested({ each: true }) @Type(() => DomainContactDto) contacts?: DomainContactDto[];
  @ApiPropertyOptional({ type: [String], example: ['clientTransferProhibited'] }) @IsOptional() @IsArray() @ArrayMaxSize(10) @IsString({ each: true }) statuses?: string[];
  @ApiPropertyOptional({ type: [DsRecordDto] }) @IsOptional() @IsArray() @ArrayMaxSize(8) @ValidateNested({ each: true }) @Type(() => DsRecordDto) dsRecords?: DsRecordDto[];
}

export class DomainRemoveSetDto extends DomainLinkSetDto {
  @ApiPropertyOptional() @IsOptional() @IsBoolean() allDsRecords?: boolean;
}

export class DomainChangeDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(3, 16) registrant?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(6, 64) authInfo?: string;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() autoRenew?: boolean;
}

export class UpdateDomainDto {
  @ApiPropertyOptional({ type: DomainLinkSetDto }) @IsOptional() @ValidateNested() @Type(() => DomainLinkSetDto) add?: DomainLinkSetDto;
  @ApiPropertyOptional({ type: DomainRemoveSetDto }) @IsOptional() @ValidateNested() @Type(() => DomainRemoveSetDto) remove?: DomainRemoveSetDto;
  @ApiPropertyOptional({ type: DomainChangeDto }) @IsOptional() @ValidateNested() @Type(() => DomainChangeDto) change?: DomainChangeDto;
}

export class TransferRequestDto {
  @ApiProperty() @IsString() @Length(6, 64) authInfo: string;
  @ApiPropertyOptional({ minimum: 1, maximum: 10, default: 1 }) @IsOptional() @IsInt() @Min(1) @Max(10) years?: number;
}

export class HoldDto {
  @ApiProperty({ example: 'example.az' }) @IsString() @MaxLength(300) name: string;
}
