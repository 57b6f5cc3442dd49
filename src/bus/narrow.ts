/**
 * A part's view of a wider bus: the same bus, typed by the part's own subjects. A part declares
 * the subjects it publishes and listens to (`detection/event-schemas.ts`) and takes a
 * `Bus<ItsSubjects>`; the composition root hands it a view of the platform's bus, so the part
 * neither names the platform's catalogue nor receives messages it has no type for.
 */
import type { Bus, BusHandler, Catalogue } from './bus.js';
import { ERR_BUS_NARROW } from './errors.js';

/**
 * Views `bus` as a bus of `subjects`. Every subject of `subjects` must be in the bus's catalogue
 * with the same schema (the view would otherwise promise payloads the bus does not check); a
 * handler of a pattern receives only messages whose subject is one of `subjects`, so `attack.*` on
 * the view never hands a handler a subject another part added under `attack.`.
 *
 * @throws {@link ERR_BUS_NARROW} naming the subject that is missing or has another schema.
 */
export function narrowBus<Sub extends Catalogue>(bus: Bus<Catalogue>, subjects: Sub): Bus<Sub> {
  for (const [subject, spec] of Object.entries(subjects)) {
    const carried = bus.catalogue[subject];
    if (carried === undefined) throw new ERR_BUS_NARROW(subject, 'is not in the catalogue of the bus');
    if (carried.schema !== spec.schema) throw new ERR_BUS_NARROW(subject, 'has another schema on the bus');
  }
  const mine = (subject: string): boolean => Object.hasOwn(subjects, subject);
  return {
    name: bus.name,
    catalogue: subjects,
    publish: (subject, data, options) => bus.publish(subject, data, options),
    subscribe: (pattern, handler, options) => {
      const forward: BusHandler = (m) => (mine(m.subject) ? (handler as BusHandler)(m) : undefined);
      return bus.subscribe(pattern, forward, options);
    },
    flush: () => bus.flush(),
    stats: () => bus.stats(),
    deadLetters: () => bus.deadLetters(),
    // The view does not own the bus: the composition root starts and stops the bus itself.
    start: () => Promise.resolve(),
    stop: () => Promise.resolve(),
  };
}
