/**
 * Pieces the advisory pages share: an advisory's status and TLP marking, a recipient's
 * acknowledgement state, an asset's answer, and the recipients as a table with the overdue ones
 * marked (a word and a bar on the row, so colour never carries the meaning alone).
 */
import type { AdvisoryRecipient, AdvisoryStatus, AssetAnswer, RecipientState, TlpLevel } from '../api/advisory-types.js';
import { japanDateTime } from '../lib/japan-time.js';
import { ADVISORY_STATUS_LABELS, ANSWER_LABELS, RECIPIENT_STATE_LABELS, tlpName } from '../lib/labels.js';
import { Markings } from './markings.js';
import { Badge, Empty, type Tone } from './ui.js';

const STATUS_TONES: Readonly<Record<AdvisoryStatus, Tone>> = { draft: 'info', published: 'ok', withdrawn: 'neutral' };

/** The advisory's status as a badge. */
export function AdvisoryStatusBadge({ status }: { status: AdvisoryStatus }) {
  return (
    <span data-testid="advisory-status">
      <Badge tone={STATUS_TONES[status] ?? 'neutral'}>{ADVISORY_STATUS_LABELS[status] ?? status}</Badge>
    </span>
  );
}

/** The advisory's TLP marking in FIRST's colours. */
export function TlpBadge({ tlp }: { tlp: TlpLevel }) {
  return <Markings names={[tlpName(tlp)]} />;
}

const STATE_TONES: Readonly<Record<RecipientState, Tone>> = { open: 'info', overdue: 'bad', acknowledged: 'ok', 'acknowledged-late': 'warn' };

/** Where a recipient stands with its acknowledgement. */
export function RecipientStateBadge({ state }: { state: RecipientState }) {
  return <Badge tone={STATE_TONES[state] ?? 'neutral'}>{RECIPIENT_STATE_LABELS[state] ?? state}</Badge>;
}

const ANSWER_TONES: Readonly<Record<AssetAnswer, Tone>> = { patched: 'ok', mitigated: 'info', 'accepted-risk': 'warn', 'not-affected': 'neutral' };

/** An asset's answer, or that there is none yet. */
export function AnswerBadge({ answer }: { answer: AssetAnswer | null }) {
  if (answer === null) return <span className="muted small">no answer yet</span>;
  return <Badge tone={ANSWER_TONES[answer] ?? 'neutral'}>{ANSWER_LABELS[answer] ?? answer}</Badge>;
}

/** The recipients of a published advisory with their acknowledgement and answers; overdue rows marked. */
export function RecipientTable({ recipients, title, id }: { recipients: readonly AdvisoryRecipient[]; title: string; id: string }) {
  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>
        <span>{title}</span>
        <span className="muted small">{recipients.filter((r) => r.state === 'overdue').length > 0 ? `${recipients.filter((r) => r.state === 'overdue').length} overdue` : ''}</span>
      </h2>
      {recipients.length === 0 ? (
        <Empty>No recipient in your scope.</Empty>
      ) : (
        <div className="table-wrap">
          <table aria-labelledby={`${id}-title`} data-testid={id}>
            <thead>
              <tr>
                <th scope="col">Organisation</th>
                <th scope="col">Sector</th>
                <th scope="col">Acknowledgement</th>
                <th scope="col">Acknowledged at</th>
                <th scope="col" className="num">
                  Assets answered
                </th>
              </tr>
            </thead>
            <tbody>
              {recipients.map((r) => (
                <tr key={r.organizationId} className={r.state === 'overdue' ? 'attention' : undefined} data-testid={`recipient-${r.organizationId}`}>
                  <td>{r.organization}</td>
                  <td className="small">{r.sector}</td>
                  <td>
                    <RecipientStateBadge state={r.state} />
                  </td>
                  <td className="nowrap small">{japanDateTime(r.acknowledgedAt)}</td>
                  <td className="num">
                    {r.answered} of {r.assets}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
