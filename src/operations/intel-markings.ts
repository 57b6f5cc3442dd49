/**
 * What operations reads from intelligence: the markings of a STIX object cited as evidence, so
 * the Permissible Actions Protocol can be enforced where countermeasures are asked for. The
 * composition root implements it over the STIX store.
 */

/** The markings of stored intelligence objects. */
export interface IntelMarkings {
  /**
   * The marking refs (`object_marking_refs` of the latest version) of STIX object `id`, or
   * undefined when no such object is stored.
   */
  markingsOf(id: string): Promise<readonly string[] | undefined>;
}
