/**
 * UDP listeners for flow export. One socket per configured address; IPv6 sockets are v6-only so
 * that `0.0.0.0:2055` and `[::]:2055` can be bound side by side.
 */
import { createSocket, type Socket, type RemoteInfo } from 'node:dgram';
import { defineError } from '../core/errors.js';
import type { ListenSpec } from '../core/listen.js';

export const ERR_BIND = defineError<[string, string]>('SAKIMORI_ERR_COLLECTOR_BIND', 'cannot listen on udp %s: %s', 500);

/** A bound UDP socket. */
export interface BoundListener {
  readonly socket: Socket;
  /** Address actually bound (port resolved when 0 was asked). */
  readonly address: string;
  readonly port: number;
  readonly family: 4 | 6;
}

/** Binds one UDP socket and delivers each datagram to `onMessage`. */
export async function bindUdp(spec: ListenSpec, receiveBufferBytes: number, onMessage: (msg: Buffer, rinfo: RemoteInfo) => void): Promise<BoundListener> {
  const socket = createSocket({ type: spec.family === 6 ? 'udp6' : 'udp4', ipv6Only: spec.family === 6, recvBufferSize: receiveBufferBytes });
  socket.on('message', onMessage);
  await new Promise<void>((resolve, reject) => {
    const onError = (e: Error): void => reject(new ERR_BIND(spec.text, e.message, { cause: e }));
    socket.once('error', onError);
    socket.bind(spec.port, spec.host, () => {
      socket.off('error', onError);
      resolve();
    });
  });
  const a = socket.address();
  return { socket, address: a.address, port: a.port, family: spec.family };
}

/** Closes a socket, resolving when closed. */
export function closeUdp(l: BoundListener): Promise<void> {
  return new Promise((resolve) => {
    try {
      l.socket.close(() => resolve());
    } catch {
      resolve();
    }
  });
}
