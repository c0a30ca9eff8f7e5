import { join } from 'node:path';
import protobuf from 'protobufjs';

/**
 * OTLP protobuf bodies, decoded with protobufjs from the official .proto files (./proto) into
 * the same object shape as OTLP JSON, so one mapping serves both encodings.
 */
const PROTO_DIR = join(__dirname, 'proto');
const root = new protobuf.Root();
// Imports inside the files are relative to the proto root, as protoc has them.
root.resolvePath = (_origin, target) => join(PROTO_DIR, target);
root.loadSync('opentelemetry/proto/collector/logs/v1/logs_service.proto');
export const Request = root.lookupType('opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest');
export const Response = root.lookupType('opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse');

// google.rpc.Status, the body of OTLP error answers; only its scalar fields (details stay empty).
const Status = new protobuf.Type('Status')
  .add(new protobuf.Field('code', 1, 'int32'))
  .add(new protobuf.Field('message', 2, 'string'));
new protobuf.Root().define('google.rpc').add(Status);

/** Trace and span ids are bytes in protobuf and hex strings in JSON. */
function bytesToHex(value: unknown): unknown {
  if (value instanceof Uint8Array) {
    return Buffer.from(value).toString('hex');
  }
  if (Array.isArray(value)) {
    return value.map(bytesToHex);
  }
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) =>
        // AnyValue bytes stay base64, as in OTLP JSON.
        [k, k === 'bytesValue' && v instanceof Uint8Array ? Buffer.from(v).toString('base64') : bytesToHex(v)]
      )
    );
  }
  return value;
}

/** Decodes an ExportLogsServiceRequest; throws (protobufjs's error) when the bytes are not one. */
export function decodeRequest(body: Buffer): unknown {
  const message = Request.decode(body);
  // Field names in lowerCamelCase as OTLP JSON has them; 64-bit integers as decimal strings.
  return bytesToHex(Request.toObject(message, { longs: String, enums: Number, defaults: false }));
}

export function encodeResponse(partialSuccess?: { rejectedLogRecords: number; errorMessage: string }): Buffer {
  return Buffer.from(Response.encode(Response.fromObject(partialSuccess ? { partialSuccess } : {})).finish());
}

export function encodeStatus(code: number, message: string): Buffer {
  return Buffer.from(Status.encode(Status.fromObject({ code, message })).finish());
}
