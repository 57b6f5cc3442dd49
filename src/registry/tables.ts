/**
 * Row types of the registry tables (`organizations`, `protected_networks`), as Kysely sees them.
 * Times are epoch milliseconds, ids are text made by `newId`, JSON is held as text.
 */
import type { DesignationStatus, Sector } from '../core/sectors.js';

/** One designated (or candidate) operator. */
export interface OrganizationsTable {
  id: string;
  /** Unique display name. */
  name: string;
  sector: Sector;
  status: DesignationStatus;
  contact_name: string | null;
  contact_email: string | null;
  contact_phone: string | null;
  created_at: number;
  updated_at: number;
}

/** One IP prefix an organisation asks to have protected. */
export interface ProtectedNetworksTable {
  id: string;
  organization_id: string;
  /** Canonical text (`192.0.2.0/24`, `2001:db8::/32`); unique. */
  prefix: string;
  family: 4 | 6;
  /**
   * First and last address of the prefix in the 128-bit (IPv4-mapped) space, as 32 lower-case hex
   * digits, so that overlap is a text range comparison both engines can do and index.
   */
  range_start: string;
  range_end: string;
  name: string | null;
  description: string | null;
  /** JSON of `NetworkThresholds`, or null for the detector's defaults. */
  thresholds: string | null;
  created_at: number;
  updated_at: number;
}

/** The registry's tables. */
export interface RegistryTables {
  organizations: OrganizationsTable;
  protected_networks: ProtectedNetworksTable;
}

declare module '../storage/database.js' {
  // Registers these tables in the shared schema type (declaration merging; see storage/database.ts).
  interface Database extends RegistryTables {}
}
