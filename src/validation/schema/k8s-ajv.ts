import type { Format } from 'ajv';
import type { ValidatorKind } from '../../schema/compiled-validators';
import { fullFormats } from 'ajv-formats/dist/formats';
import { isGoBase64 } from './go-decoding';

/**
 * The `format`s the API server checks, with ajv-formats' implementation of each. Kubernetes
 * reads `date-time` leniently (a missing time zone is accepted), so it maps to ajv-formats'
 * `iso-date-time`; `byte` is Go's base64, which skips line breaks (`go-decoding.ts`); `duration` is a Go duration (`1h30m`) in Kubernetes but ISO 8601 in
 * ajv-formats, so, like every format not listed, it is left unchecked rather than misjudged.
 */
const K8S_FORMATS: Record<string, Format> = {
  int32: fullFormats.int32,
  int64: fullFormats.int64,
  float: fullFormats.float,
  double: fullFormats.double,
  byte: { type: 'string', validate: isGoBase64 },
  date: fullFormats.date,
  'date-time': fullFormats['iso-date-time'],
  uuid: fullFormats.uuid,
  ipv4: fullFormats.ipv4,
  ipv6: fullFormats.ipv6,
  email: fullFormats.email,
  hostname: fullFormats.hostname,
};

/** Whether `format` is checked; the CRD converter drops the others. */
export function isCheckedFormat(format: string): boolean {
  return format in K8S_FORMATS;
}

/**
 * How Kubernetes schemas are compiled (`compiledValidator`): all errors (a user fixes every
 * field in one go), the Kubernetes formats, no defaults applied (validation never changes the
 * object) and no strict-mode complaints about schema keywords, which the converter already
 * controls.
 */
export const K8S_VALIDATOR: ValidatorKind = {
  name: 'k8s',
  options: { allErrors: true, strict: false },
  externals: { formats: K8S_FORMATS },
};
