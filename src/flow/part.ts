/** The flow part's descriptor: decoders have no tables; only capture reading raises errors (see `core/part.ts`). */
import { definePart } from '../core/part.js';
import * as captureFrames from './capture/capture-frames.js';

/** The flow part. */
export const flowPart = definePart({
  name: 'flow',
  errors: [captureFrames],
});
