import { Module, OnModuleInit } from '@nestjs/common';
import { AdminModule } from '../../admin/admin.module';
import { AdminNav } from '../../admin/admin-nav';
import { RegistryModule } from '../../registry/registry.module';
import { DisputesModule } from '../disputes.module';
import { AddExpertHandler } from './add-expert.handler';
import { DisputeConsoleController } from './dispute-console.controller';

/** The console's dispute pages (`/admin/disputes`), on the console framework of src/admin. */
@Module({
  imports: [AdminModule, RegistryModule, DisputesModule],
  controllers: [DisputeConsoleController],
  providers: [AddExpertHandler],
})
export class DisputesConsoleModule implements OnModuleInit {
  constructor(private readonly nav: AdminNav) {}

  onModuleInit(): void {
    this.nav.add({ href: '/admin/disputes', label: { az: 'Mübahisələr', en: 'Disputes' }, roles: ['admin', 'officer', 'expert'], order: 15 });
  }
}
