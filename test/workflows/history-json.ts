/**
 * Reads a history in the CLI's JSON format into the History object the replay
 * worker takes. The SDK's `historyFromJSON` cannot do it in this install:
 * @temporalio/common and @temporalio/proto each carry their own protobufjs
 * copy, and protobufjs' protojson refuses types from the other copy. So the
 * protojson extension is loaded from the copy that owns the proto types.
 */
import { createRequire } from 'node:module';
import type { History } from '@temporalio/common/lib/proto-utils.js';

const fromProto = createRequire(createRequire(import.meta.url).resolve('@temporalio/proto'));
const proto = fromProto('@temporalio/proto') as object;
const { patchProtobufRoot } = fromProto('@temporalio/proto/lib/patch-protobuf-root') as { patchProtobufRoot(root: object): { lookupType(name: string): unknown } };
const { fromJson } = fromProto('protobufjs/ext/protojson') as { fromJson(type: unknown, json: unknown, options?: object): unknown };
const historyType = patchProtobufRoot(proto).lookupType('temporal.api.history.v1.History');

/** Parses `{ events: [...] }` as printed by `temporal workflow show --output json`. */
export function historyFromCliJson(json: unknown): History {
  const history = fromJson(historyType, json, { ignoreUnknownFields: true });
  if (!history) throw new TypeError('Invalid history JSON: expected an object with an array of events');
  return history as History;
}
