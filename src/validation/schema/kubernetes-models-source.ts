import { dirname } from 'node:path';
import type { ErrorObject } from 'ajv';
import type { Finding } from '../finding';
import { ajvFindings } from './ajv-findings';
import { formatPath, pointerSegments, type Segment, valueAt } from '../../k8s/field-path';
import { isGoBase64, withoutNulls } from './go-decoding';
import { isQuantity, quantityMessage, unknownFieldMessage } from './messages';
import { ModelShapes, type Shape } from './model-shapes';
import { objectMetaFindings } from './object-meta';
import { type KindValidator, type SchemaSource, splitApiVersion } from './schema-source';

/** A kubernetes-models class: `new Kind(data).validate()` throws with ajv's errors. */
export interface ModelClass {
  new (data: unknown): { validate(): void };
  /** `validate()` checks `this`: the model's fields. */
  readonly prototype: { validate(): void };
  readonly apiVersion: string;
  readonly kind: string;
}

const RULE = 'k8s-schema';
const shapes = new ModelShapes();

/**
 * Validates the kinds of a kubernetes-models package (`kubernetes-models` for core Kubernetes,
 * or a sibling such as `@kubernetes-models/prometheus-operator`), which lay out one module
 * per kind as `<package>/<group>/<version>/<Kind>` (`<package>/<version>/<Kind>` for the core
 * group). Each object gets:
 * 1. the package's own `.validate()`: types, enums, required fields, formats (quantities too),
 *    on the object as Go decodes it (`null` fields are absent, `byte` is Go's base64);
 * 2. a strict pass over the same types' declarations: unknown fields, and quantities in
 *    Kubernetes' exact grammar (the package's quantity format also takes `2h` or `1da`);
 * 3. the API server's ObjectMeta syntax checks (`object-meta.ts`).
 */
export function kubernetesModelsSource(packageName: string = 'kubernetes-models'): SchemaSource {
  return {
    name: packageName,
    validatorFor(apiVersion: string, kind: string): KindValidator | undefined {
      const { group, version } = splitApiVersion(apiVersion);
      const modulePath = resolveModule(`${packageName}/${group ? `${group}/` : ''}${version}/${kind}`);
      if (!modulePath) return undefined;
      const model: ModelClass | undefined = require(modulePath)[kind];
      if (model?.apiVersion !== apiVersion || model.kind !== kind) return undefined;
      const type = modelType(model, modulePath, kind);
      return (obj) => [...modelFindings(type, obj, []), ...objectMetaFindings(obj.metadata, kind)];
    },
  };
}

/** A kubernetes-models type: its class, and the shape of `I<typeName>` in its declarations for the strict pass. */
interface ModelType {
  readonly model: ModelClass;
  readonly shape: () => Shape;
}

/**
 * The type `typeName` whose class is `model`, exported by the module `modulePath`. Its shape is
 * looked up once, when first needed (a type's declarations never change within a process).
 */
function modelType(model: ModelClass, modulePath: string, typeName: string): ModelType {
  const dts = modulePath.replace(/\.js$/, '.d.ts');
  let shape: Shape | undefined;
  return { model, shape: () => (shape ??= shapes.shapeOfKind(dts, typeName)) };
}

/**
 * `.validate()` plus the strict pass for `value` as `type`, reported under `prefix`. Also used
 * for the ObjectMeta of custom resources.
 */
function modelFindings(type: ModelType, input: unknown, prefix: readonly Segment[]): Finding[] {
  const value = withoutNulls(input);
  let schemaFindings: Finding[] = [];
  try {
    validateModel(type.model, value);
  } catch (error) {
    const errors = (error as { errors?: ErrorObject[] }).errors;
    if (!errors) throw error;
    const goErrors = errors.filter((e) => !isGoValidByte(e, value));
    schemaFindings = ajvFindings(goErrors, value, RULE, () => [], prefix);
  }
  const strict: Finding[] = [];
  strictFindings(type.shape(), value, [...prefix], (path, message) => strict.push({ rule: RULE, path, message }));
  if (strict.length === 0) return schemaFindings;
  // Each path and message once, in the order first found (ajvFindings' own are distinct already).
  const findings = new Map<string, Finding>();
  for (const f of [...schemaFindings, ...strict]) findings.set(`${f.path}\n${f.message}`, f);
  return [...findings.values()];
}

/**
 * Runs the model's `.validate()` on `value`. The model's constructor copies `value` deeply to
 * drop its `undefined` fields, and puts its own `apiVersion` and `kind` (those of `value`, which
 * chose the model) first; a plain object without `undefined` fields (always, for objects read
 * from YAML) would be copied into an identical tree, whose key order no kubernetes-models schema
 * reads at the root, so `.validate()` runs on `value` itself.
 */
function validateModel(model: ModelClass, value: unknown): void {
  if (isPlainObject(value) && !hasUndefinedField(value)) model.prototype.validate.call(value);
  else new model(value).validate();
}

function isPlainObject(value: unknown): value is object {
  if (value === null || typeof value !== 'object') return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function hasUndefinedField(value: object): boolean {
  for (const key in value) {
    const child: unknown = (value as Record<string, unknown>)[key];
    if (child === undefined || (child !== null && typeof child === 'object' && hasUndefinedField(child))) return true;
  }
  return false;
}

/**
 * kubernetes-models' `byte` format rejects line breaks, which Go's base64 decoder skips
 * (a Secret's `data` wrapped at 76 columns is valid): such an error is not the server's.
 */
function isGoValidByte(error: ErrorObject, value: unknown): boolean {
  return error.keyword === 'format' && error.params.format === 'byte' && isGoBase64(valueAt(value, pointerSegments(error.instancePath, value)));
}

/**
 * Everything the API server checks on an ObjectMeta at `prefix`: its schema (kubernetes-models'
 * ObjectMeta, strictly) and its syntax rules. For custom resources, whose CRD schema leaves
 * `metadata` to the server.
 */
export function objectMetaSchemaFindings(meta: unknown, kind: string, prefix: readonly Segment[] = ['metadata']): Finding[] {
  if (meta === undefined) return [];
  objectMetaType ??= loadObjectMetaType();
  return [...modelFindings(objectMetaType, meta, prefix), ...objectMetaFindings(meta, kind, prefix)];
}

let objectMetaType: ModelType | undefined;

function loadObjectMetaType(): ModelType {
  const modulePath = resolveModule('@kubernetes-models/apimachinery/apis/meta/v1/ObjectMeta')!;
  return modelType(require(modulePath).ObjectMeta, modulePath, 'ObjectMeta');
}

function strictFindings(shape: Shape, value: unknown, at: Segment[], report: (path: string, message: string) => void): void {
  if (shape.kind === 'quantity') {
    if (!isQuantity(value)) report(formatPath(at), quantityMessage(value));
    return;
  }
  if (value === null || typeof value !== 'object') return; // a wrong type is .validate()'s finding
  // `at` is pushed and popped in place; a path string is made only for a finding.
  if (shape.kind === 'list') {
    if (!Array.isArray(value)) return;
    for (let i = 0; i < value.length; i++) {
      at.push(i);
      strictFindings(shape.items(), value[i], at, report);
      at.pop();
    }
  } else if (!Array.isArray(value) && (shape.kind === 'map' || shape.kind === 'object')) {
    // for-in less inherited keys: Object.entries' keys in its order, without an array per object.
    for (const k in value) {
      if (!Object.hasOwn(value, k)) continue;
      const field = shape.kind === 'map' ? shape.values : shape.fields.get(k);
      if (field) {
        at.push(k);
        strictFindings(field(), (value as Record<string, unknown>)[k], at, report);
        at.pop();
      } else if (shape.kind === 'object') {
        report(formatPath([...at, k]), unknownFieldMessage(k, [...shape.fields.keys()]));
      }
    }
  }
}

/** Resolves from kubernetes-models' folder, so its own apimachinery is found first. */
function resolveModule(specifier: string): string | undefined {
  try {
    return require.resolve(specifier, { paths: [dirname(require.resolve('kubernetes-models/package.json'))] });
  } catch {
    return undefined;
  }
}
