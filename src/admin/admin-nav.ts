import { Injectable } from '@nestjs/common';
import type { AdminRole } from './admin-roles';
import type { AdminPrincipal } from './admin-request';

/** One entry of the console's navigation. */
export interface AdminNavItem {
  /** Absolute path under /admin. */
  href: string;
  /** A text key (see addAdminTexts) or the label in both languages. */
  label: string | { az: string; en: string };
  /** Shown to administrators with at least one of these roles. */
  roles: readonly AdminRole[];
  /** Position: smaller first. The built-in entries use 10, 20, … 90. */
  order: number;
}

/**
 * The console's navigation, a registry that other modules extend at start-up:
 * `nav.add({ href: '/admin/disputes', label: { az: 'Mübahisələr', en: 'Disputes' }, roles: ['admin', 'officer', 'expert'], order: 15 })`.
 * Each administrator sees only the entries their roles allow (hiding is a courtesy; the guards decide).
 */
@Injectable()
export class AdminNav {
  private readonly items: AdminNavItem[] = [];

  add(item: AdminNavItem): void {
    if (!item.href.startsWith('/admin')) throw new Error(`admin nav item ${item.href} is not under /admin`);
    if (this.items.some((i) => i.href === item.href)) return;
    this.items.push(item);
    this.items.sort((a, b) => a.order - b.order);
  }

  for(admin: AdminPrincipal | null): AdminNavItem[] {
    if (!admin) return [];
    return this.items.filter((i) => i.roles.some((r) => admin.roles.includes(r)));
  }
}
