import { Module } from '@nestjs/common';
import { EscrowService } from './escrow.service';

/**
 * Data escrow (RFC 8909 / RFC 9022): `EscrowService.deposit(type, now)` writes and records a
 * deposit. DataSource and AppConfig come from the global database and config modules. The
 * verifier and importer (`deposit-verifier.ts`, `deposit-importer.ts`) are plain functions for
 * the CLI and tests.
 */
@Module({ providers: [EscrowService], exports: [EscrowService] })
export class EscrowModule {}
