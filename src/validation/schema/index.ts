export { SchemaValidator } from './schema-validator';
export type { SchemaSource, KindValidator } from './schema-source';
export { crdSource, type CrdSourceOptions } from './crd-source';
export { kubernetesModelsSource } from './kubernetes-models-source';
export { CrdCatalog, type CrdVersion } from './crd-catalog';
export type { UnevaluatedRule } from './cel-rules';
