/**
 * Dense integer ids for what records and assets are indexed by, so that the index stores and compares
 * numbers: a CPE's (part, vendor, product), a purl's (type, namespace, name), and an affected
 * statement's normalised (vendor, product) names. Strings are built only when a record or an asset is
 * put, never per comparison.
 */

/** Gives each distinct key string a small integer, from 0 up, for as long as the index lives. */
export class KeyInterner {
  readonly #ids = new Map<string, number>();

  /** The id of `key`, allotting the next one the first time. */
  id(key: string): number {
    let id = this.#ids.get(key);
    if (id === undefined) {
      id = this.#ids.size;
      this.#ids.set(key, id);
    }
    return id;
  }

  /** How many keys have an id (the bound of every id). */
  get size(): number {
    return this.#ids.size;
  }
}

// NUL separates the fields: no CPE value, purl component or product name contains it unquoted.
/** Key text of a CPE's part, vendor and product (lowercase quoted WFN values). */
export function cpeKeyText(part: string, vendor: string, product: string): string {
  return `c\0${part}\0${vendor}\0${product}`;
}

/** Key text of a purl's type, namespace and name (canonical form). */
export function purlKeyText(type: string, namespace: string | null, name: string): string {
  return `p\0${type}\0${namespace ?? ''}\0${name}`;
}

/** Key text of a vendor and product name, both already {@link normaliseProductName normalised}. */
export function nameKeyText(vendor: string, product: string): string {
  return `n\0${vendor}\0${product}`;
}

/**
 * Normalises a vendor or product name for the exact name match of affected statements: trimmed,
 * lowercase, each space and `-` turned to `_` (the way CPE dictionary names are written), so that
 * "Internet Explorer" meets `internet_explorer` and "xerces-c++" meets `xerces-c\+\+` unquoted.
 * Nothing fuzzier: a product "camera" must not meet `camera_app`.
 */
export function normaliseProductName(name: string): string {
  return name.trim().toLowerCase().replace(/[\s-]/g, '_');
}
