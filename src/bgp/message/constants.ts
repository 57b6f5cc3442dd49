/**
 * Numbers of the BGP-4 wire protocol: message types, path attribute codes and flags, address
 * families, capability codes and NOTIFICATION codes (RFC 4271, RFC 4760, RFC 5492, RFC 4486,
 * RFC 7313, RFC 8955, RFC 8956).
 *
 * Pure: no I/O, no `node:` imports.
 */

/** Length of the fixed message header: 16-octet marker, 2-octet length, 1-octet type (RFC 4271 §4.1). */
export const HEADER_LENGTH = 19;
/** Largest message without the Extended Message capability (RFC 4271 §4.1). */
export const MAX_MESSAGE_LENGTH = 4096;
/** AS_TRANS, the 2-octet stand-in for a 4-octet AS number (RFC 6793 §9). */
export const AS_TRANS = 23456;
/** The only BGP version we speak. */
export const BGP_VERSION = 4;

/** Message types (RFC 4271 §4.1, RFC 2918). */
export const MessageType = {
  Open: 1,
  Update: 2,
  Notification: 3,
  Keepalive: 4,
  RouteRefresh: 5,
} as const;
export type MessageType = (typeof MessageType)[keyof typeof MessageType];

/** Lower-case names of message types, for logs and metric labels. */
export const MESSAGE_TYPE_NAMES: Readonly<Record<number, string>> = {
  1: 'open',
  2: 'update',
  3: 'notification',
  4: 'keepalive',
  5: 'route_refresh',
};

/** Path attribute flag bits (RFC 4271 §4.3). */
export const AttrFlag = {
  Optional: 0x80,
  Transitive: 0x40,
  Partial: 0x20,
  ExtendedLength: 0x10,
} as const;

/** Path attribute type codes we know (RFC 4271, RFC 1997, RFC 4360, RFC 4760, RFC 6793, RFC 8092). */
export const AttrType = {
  Origin: 1,
  AsPath: 2,
  NextHop: 3,
  MultiExitDisc: 4,
  LocalPref: 5,
  AtomicAggregate: 6,
  Aggregator: 7,
  Communities: 8,
  OriginatorId: 9,
  ClusterList: 10,
  MpReachNlri: 14,
  MpUnreachNlri: 15,
  ExtendedCommunities: 16,
  As4Path: 17,
  As4Aggregator: 18,
  LargeCommunities: 32,
} as const;

/** ORIGIN values (RFC 4271 §5.1.1). */
export const Origin = { Igp: 0, Egp: 1, Incomplete: 2 } as const;
export type Origin = (typeof Origin)[keyof typeof Origin];

/** AS_PATH segment types (RFC 4271 §4.3, RFC 5065). */
export const AsPathSegmentType = { AsSet: 1, AsSequence: 2, ConfedSequence: 3, ConfedSet: 4 } as const;

/** Address Family Identifiers (IANA). */
export const Afi = { Ipv4: 1, Ipv6: 2 } as const;
/** Subsequent Address Family Identifiers (IANA): unicast and FlowSpec (RFC 8955 §4). */
export const Safi = { Unicast: 1, FlowSpec: 133 } as const;

/** The four address families the speaker announces. */
export type RouteFamily = 'ipv4-unicast' | 'ipv6-unicast' | 'ipv4-flowspec' | 'ipv6-flowspec';

/** All families in a fixed order (their index is used by bit sets and arrays). */
export const ROUTE_FAMILIES: readonly RouteFamily[] = ['ipv4-unicast', 'ipv6-unicast', 'ipv4-flowspec', 'ipv6-flowspec'];

/** AFI/SAFI of each family. */
export const FAMILY_AFI_SAFI: Readonly<Record<RouteFamily, { readonly afi: number; readonly safi: number }>> = {
  'ipv4-unicast': { afi: Afi.Ipv4, safi: Safi.Unicast },
  'ipv6-unicast': { afi: Afi.Ipv6, safi: Safi.Unicast },
  'ipv4-flowspec': { afi: Afi.Ipv4, safi: Safi.FlowSpec },
  'ipv6-flowspec': { afi: Afi.Ipv6, safi: Safi.FlowSpec },
};

/** The family of an AFI/SAFI pair, or undefined for families we do not speak. */
export function familyOf(afi: number, safi: number): RouteFamily | undefined {
  if (afi === Afi.Ipv4) return safi === Safi.Unicast ? 'ipv4-unicast' : safi === Safi.FlowSpec ? 'ipv4-flowspec' : undefined;
  if (afi === Afi.Ipv6) return safi === Safi.Unicast ? 'ipv6-unicast' : safi === Safi.FlowSpec ? 'ipv6-flowspec' : undefined;
  return undefined;
}

/** Capability codes (IANA; RFC 4760, RFC 2918, RFC 4724, RFC 6793, RFC 7911, RFC 7313, RFC 8654). */
export const CapabilityCode = {
  Multiprotocol: 1,
  RouteRefresh: 2,
  ExtendedNextHop: 5,
  ExtendedMessage: 6,
  GracefulRestart: 64,
  FourOctetAs: 65,
  AddPath: 69,
  EnhancedRouteRefresh: 70,
  LongLivedGracefulRestart: 71,
  Fqdn: 73,
} as const;

/** OPEN optional parameter types (RFC 5492 §4; 255 is the RFC 9072 extended-length marker). */
export const OptParamType = { Capabilities: 2, ExtendedLength: 255 } as const;

/** NOTIFICATION error codes (RFC 4271 §4.5, RFC 6608, RFC 7313). */
export const ErrorCode = {
  MessageHeader: 1,
  OpenMessage: 2,
  UpdateMessage: 3,
  HoldTimerExpired: 4,
  FiniteStateMachine: 5,
  Cease: 6,
  RouteRefresh: 7,
} as const;

/** Message Header Error subcodes (RFC 4271 §6.1). */
export const HeaderSubcode = { ConnectionNotSynchronized: 1, BadMessageLength: 2, BadMessageType: 3 } as const;

/** OPEN Message Error subcodes (RFC 4271 §6.2, RFC 5492 §5). */
export const OpenSubcode = {
  UnsupportedVersion: 1,
  BadPeerAs: 2,
  BadBgpIdentifier: 3,
  UnsupportedOptionalParameter: 4,
  UnacceptableHoldTime: 6,
  UnsupportedCapability: 7,
} as const;

/** UPDATE Message Error subcodes (RFC 4271 §6.3). */
export const UpdateSubcode = {
  MalformedAttributeList: 1,
  UnrecognizedWellKnownAttribute: 2,
  MissingWellKnownAttribute: 3,
  AttributeFlagsError: 4,
  AttributeLengthError: 5,
  InvalidOrigin: 6,
  InvalidNextHop: 8,
  OptionalAttributeError: 9,
  InvalidNetworkField: 10,
  MalformedAsPath: 11,
} as const;

/** Finite State Machine Error subcodes (RFC 6608 §3). */
export const FsmSubcode = { Unspecified: 0, OpenSent: 1, OpenConfirm: 2, Established: 3 } as const;

/** Cease subcodes (RFC 4486 §4, RFC 8538, RFC 9384). */
export const CeaseSubcode = {
  MaximumPrefixes: 1,
  AdministrativeShutdown: 2,
  PeerDeconfigured: 3,
  AdministrativeReset: 4,
  ConnectionRejected: 5,
  OtherConfigurationChange: 6,
  ConnectionCollisionResolution: 7,
  OutOfResources: 8,
  HardReset: 9,
  BfdDown: 10,
} as const;
