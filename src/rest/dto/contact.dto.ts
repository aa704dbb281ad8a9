import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsEmail, IsIn, IsOptional, IsString, Length, Matches, MaxLength, ValidateNested } from 'class-validator';

export class DiscloseDto {
  @ApiPropertyOptional() @IsOptional() @IsBoolean() name?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() org?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() addr?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() voice?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() fax?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() email?: boolean;
}

const E164 = /^\+\d{1,3}\.\d{1,14}$/;

export class ContactFieldsDto {
  @ApiProperty({ enum: ['person', 'org'] }) @IsIn(['person', 'org']) kind: 'person' | 'org';
  @ApiProperty() @IsString() @Length(1, 255) name: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(255) org?: string;
  @ApiPropertyOptional({ type: [String] }) @IsOptional() @IsArray() @ArrayMaxSize(3) @IsString({ each: true }) @MaxLength(255, { each: true }) street?: string[];
  @ApiProperty() @IsString() @Length(1, 255) city: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(255) sp?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(16) pc?: string;
  @ApiProperty({ example: 'AZ' }) @Matches(/^[A-Za-z]{2}$/) cc: string;
  @ApiPropertyOptional({ example: '+994.125551234' }) @IsOptional() @Matches(E164, { message: 'voice must look like +994.125551234' }) voice?: string;
  @ApiPropertyOptional() @IsOptional() @Matches(E164, { message: 'fax must look like +994.125551234' }) fax?: string;
  @ApiProperty() @IsEmail() @MaxLength(254) email: string;
  @ApiPropertyOptional({ description: 'National ID (FIN) or tax number (VÖEN) for residents' }) @IsOptional() @IsString() @MaxLength(32) nationalId?: string;
  @ApiPropertyOptional({ type: DiscloseDto }) @IsOptional() @ValidateNested() @Type(() => DiscloseDto) disclose?: DiscloseDto;
}

export class CreateContactDto extends ContactFieldsDto {
  @ApiProperty({ example: 'C-JOHN1', description: '3–16 characters: letters, digits, hyphen, underscore' })
  @Matches(/^[A-Za-z0-9][A-Za-z0-9_-]{2,15}$/) handle: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(6, 64) authInfo?: string;
}

export class ContactChangeDto extends PartialType(ContactFieldsDto) {
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(6, 64) authInfo?: string;
}

export class UpdateContactDto {
  @ApiPropertyOptional({ type: ContactChangeDto }) @IsOptional() @ValidateNested() @Type(() => ContactChangeDto) change?: ContactChangeDto;
  @ApiPropertyOptional({ type: [String] }) @IsOptional() @IsArray() @IsString({ each: true }) addStatuses?: string[];
  @ApiPropertyOptional({ type: [String] }) @IsOptional() @IsArray() @IsString({ each: true }) removeStatuses?: string[];
}

export class CreateHostDto {
  @ApiProperty({ example: 'ns1.example.az' }) @IsString() @MaxLength(253) name: string;
  @ApiPropertyOptional({ type: [String], example: ['192.0.2.1', '2001:db8::1'] }) @IsOptional() @IsArray() @ArrayMaxSize(13) @IsString({ each: true }) addresses?: string[];
}

export class UpdateHostDto {
  @ApiPropertyOptional({ type: [String] }) @IsOptional() @IsArray() @ArrayMaxSize(13) @IsString({ each: true }) addAddresses?: string[];
  @ApiPropertyOptional({ type: [String] }) @IsOptional() @IsArray() @ArrayMaxSize(13) @IsString({ each: true }) removeAddresses?: string[];
  @ApiPropertyOptional({ type: [String] }) @IsOptional() @IsArray() @IsString({ each: true }) addStatuses?: string[];
  @ApiPropertyOptional({ type: [String] }) @IsOptional() @IsArray() @IsString({ each: true }) removeStatuses?: string[];
}

export class NamesDto {
  @ApiProperty({ type: [String] }) @IsArray() @ArrayMaxSize(100) @IsString({ each: true }) @MaxLength(253, { each: true }) names: string[];
}
