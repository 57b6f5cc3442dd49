/**
 * Errors of the bus.
 */
import { defineError } from '../core/errors.js';

/** Publish or subscribe after `stop()`. */
export const ERR_BUS_CLOSED = defineError<[string]>('SAKIMORI_ERR_BUS_CLOSED', 'bus %s is stopped');

/** A durable or queue consumer was asked for with another pattern than it was created with. */
export const ERR_BUS_CONSUMER_PATTERN = defineError<[string, string, string]>('SAKIMORI_ERR_BUS_CONSUMER_PATTERN', 'consumer %s reads %s, not %s');
/** A part asked for a view of the bus with a subject the bus does not carry as the part declares it. */
export const ERR_BUS_NARROW = defineError<[string, string]>('SAKIMORI_ERR_BUS_NARROW', 'subject %s %s', 500);
