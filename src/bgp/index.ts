/**
 * Public API of Sakimori's BGP speaker, for the countermeasure executors: create a
 * {@link BgpSpeaker}, announce RTBH and FlowSpec routes, watch their status.
 */
export { BgpConfigSchema, BgpPeerSchema, type BgpConfig, type BgpPeerConfig } from './config.js';
export { ERR_BGP_CONFIG_INVALID, ERR_BGP_FLOWSPEC_INVALID, ERR_BGP_NOT_RUNNING, ERR_BGP_ROUTE_INVALID, ERR_BGP_UNKNOWN_PEER } from './errors.js';
export { DISCARD, formatAction, type FlowSpecAction } from './flowspec/actions.js';
export {
  FragmentFlag,
  TcpFlag,
  bitmask,
  numeric,
  type BitmaskTerm,
  type FlowSpecComponent,
  type FlowSpecFamily,
  type FlowSpecRule,
  type NumericComparison,
  type NumericTerm,
} from './flowspec/rule.js';
export { formatFlowSpecRule } from './flowspec/text.js';
export { flowSpecRuleProblems, normaliseFlowSpecRule } from './flowspec/validate.js';
export { COMMUNITY_BLACKHOLE, COMMUNITY_NO_EXPORT } from './message/communities.js';
export type { RouteFamily } from './message/constants.js';
export { prepareRoute, routeKey, rtbhRoute, type BgpRoute, type FlowSpecRoute, type UnicastRoute } from './route.js';
export type { RouteCounts, RouteIntent, RouteState, RouteStatus } from './session/adj-rib-out.js';
export type { PeerError, PeerStatus, SessionState } from './session/peer-status.js';
export { BgpSpeaker, type BgpSpeakerDeps, type RouteResult, type RouteTargetOptions, type SpeakerRouteListener } from './speaker.js';
