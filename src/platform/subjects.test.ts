import type { Static } from 'typebox';
import { describe, expect, it } from 'vitest';
import type { AttackEnded, AttackStarted, AttackUpdated, HostInfected } from '../detection/attack.js';
import type { InfectionReport } from '../detection/detection-engine.js';
import type { CaseOpenedEvent, CaseTransitionedEvent, EmergencyEvent, ExecutionEvent, RequestEvent } from '../operations/events.js';
import type { SightingEvent } from '../intel/sighting.js';
import type { Payload } from '../bus/bus.js';
import { PLATFORM_SUBJECTS, type PlatformSubjects } from './platform.js';

/** True when each type is assignable to the other. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type P<S extends keyof PlatformSubjects> = Payload<PlatformSubjects, S>;

describe('platform subjects', () => {
  it('type each payload as the interface its part declares', () => {
    // Checked by the compiler: a schema drifting from its interface fails the type-check.
    const same: true[] = [
      true satisfies Same<P<'attack.started'>, AttackStarted>,
      true satisfies Same<P<'attack.updated'>, AttackUpdated>,
      true satisfies Same<P<'attack.ended'>, AttackEnded>,
      true satisfies Same<P<'host.infected'>, HostInfected>,
      true satisfies Same<P<'sighting.new'>, SightingEvent>,
      true satisfies Same<P<'sighting.updated'>, SightingEvent>,
      true satisfies Same<P<'operations.case.opened'>, CaseOpenedEvent>,
      true satisfies Same<P<'operations.case.transitioned'>, CaseTransitionedEvent>,
      true satisfies Same<P<'operations.request.voted'>, RequestEvent>,
      true satisfies Same<P<'operations.emergency.started'>, EmergencyEvent>,
      true satisfies Same<P<'operations.execution.ended'>, ExecutionEvent>,
      // On the wire an address is text; the engine also takes address words locally.
      true satisfies Same<P<'detection.infection.reported'>, Omit<InfectionReport, 'address'> & { readonly address: string }>,
      true satisfies Same<Static<PlatformSubjects['attack.started']['schema']>, AttackStarted>,
    ];
    expect(same.every(Boolean)).toBe(true);
  });

  it('names every subject with plain tokens and describes it', () => {
    for (const [subject, spec] of Object.entries(PLATFORM_SUBJECTS)) {
      expect(subject).toMatch(/^[a-z_]+(\.[a-z_]+)+$/);
      expect(spec.description.length).toBeGreaterThan(0);
    }
  });
});
