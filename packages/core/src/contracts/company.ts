/** A reference to a PSA picklist entry, as carried on a company. */
export interface ChoiceRef {
  /** The PSA's id of the entry, as a string. */
  readonly id: string;
  /** The entry's label as the PSA shows it. */
  readonly name: string;
}

/** A PSA company (a customer of the MSP). Vendor-free: adapters map their payloads to this. */
export interface Company {
  /** The PSA's id, always a string (ConnectWise and Autotask use integers). */
  readonly id: string;
  /** The company name as the PSA holds it. */
  readonly name: string;
  /** Its status, where the PSA has one (ConnectWise status, Autotask active/inactive). */
  readonly status?: ChoiceRef;
  /** Its company types (ConnectWise: several; Autotask: one). */
  readonly types?: readonly ChoiceRef[];
  /**
   * Its website as the PSA holds it, when set (adapters read the PSA's own website field):
   * free text such as `www.acme.example` or `https://acme.example/`. Matching reads its domain
   * as evidence (SPEC M5).
   */
  readonly website?: string;
  /** When the PSA last changed the company (ISO 8601), where it says. */
  readonly modifiedAt?: string;
}

/** A company status the PSA offers as a filter (SPEC M2). */
export interface CompanyStatus {
  /** The PSA's id of the status, as a string. */
  readonly id: string;
  /** Label as the PSA shows it. */
  readonly name: string;
  /** True when companies with this status are inactive; default filters leave them out (M4). */
  readonly inactive: boolean;
}

/** A company type the PSA offers as a filter (SPEC M2). */
export interface CompanyType {
  /** The PSA's id of the type, as a string. */
  readonly id: string;
  /** Label as the PSA shows it. */
  readonly name: string;
}

/** Filters for listing companies (SPEC M2). Empty lists and absent fields do not filter. */
export interface CompanyFilter {
  /** Only companies with one of these status ids. */
  readonly statusIds?: readonly string[];
  /** Only companies with at least one of these type ids. */
  readonly typeIds?: readonly string[];
}

/** A company search: a name fragment plus the filters. */
export interface CompanySearch extends CompanyFilter {
  /**
   * Text the company name must contain, compared without regard to letter case. Any text is
   * safe: adapters never let it change the query's meaning.
   */
  readonly name?: string;
}
