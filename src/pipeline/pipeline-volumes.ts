import { Size, SizeRoundingBehavior } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct, IConstruct } from 'constructs';
import { RayEnvironment } from '../environments/types';
import { ConfigError } from '../ray/config-error';
import { RayVolume } from '../ray/ray-volume';

/** Where every pod of the pipeline sees the dumps volume. */
export const DUMPS_PATH = '/dumps';
/** Where every pod of the pipeline sees the output volume (`tokens/`, `embeddings/`). */
export const OUTPUT_PATH = '/output';
/** The vector index under the output volume: `index/` of ray_workloads.pipeline.index_stage (INDEX_DIR). */
export const INDEX_PATH = `${OUTPUT_PATH}/index`;

/** Sizes of the pipeline's two volumes. */
export interface PipelineVolumesProps {
  /** The environment: its storage classes and whether it is a single node. */
  readonly environment: RayEnvironment;
  /** Prefix of the claim names: `<prefix>-dumps`, `<prefix>-output`. */
  readonly namePrefix: string;
  /**
   * Size of the dumps volume (a compressed English CirrusSearch dump is ~40 GiB).
   * @default Size.gibibytes(50)
   */
  readonly dumpsSize?: Size;
  /**
   * Size of the output volume (Parquet tokens and float32 vectors).
   * @default Size.gibibytes(10)
   */
  readonly outputSize?: Size;
}

/**
 * Throws unless `size` is a whole number of GiB >= 1: the claim's `storage` is written as
 * `<n>Gi`, and a NaN, zero or fractional size has no such quantity.
 */
export function checkWholeGibibytes(scope: IConstruct, propPath: string, size: Size): void {
  const gibibytes = size.toGibibytes({ rounding: SizeRoundingBehavior.NONE });
  if (!Number.isInteger(gibibytes) || gibibytes < 1) {
    throw new ConfigError(scope, propPath, `expected a whole number of GiB >= 1 (a Kubernetes quantity such as 50Gi), got ${gibibytes} GiB`);
  }
}

/**
 * The dumps and output claims of a pipeline. Every pod of the pipeline (download step, Ray
 * heads, CPU and GPU workers of every stage) mounts both, so the claims are ReadWriteMany on
 * the environment's RWX class. A single-node environment without an RWX class gets
 * ReadWriteOnce claims on its default class instead: the default provisioners of kind, k3d
 * and minikube (local-path, hostpath) make node-local volumes that refuse ReadWriteMany, and
 * ReadWriteOnce already lets every pod of the one node mount the volume.
 */
export class PipelineVolumes extends Construct {
  public readonly dumps: kplus.PersistentVolumeClaim;
  public readonly output: kplus.PersistentVolumeClaim;

  constructor(scope: Construct, id: string, props: PipelineVolumesProps) {
    super(scope, id);
    const env = props.environment;
    const dumpsSize = props.dumpsSize ?? Size.gibibytes(50);
    const outputSize = props.outputSize ?? Size.gibibytes(10);
    checkWholeGibibytes(this, 'dumpsSize', dumpsSize);
    checkWholeGibibytes(this, 'outputSize', outputSize);
    const storageClassName = env.storage.readWriteManyClass;
    if (storageClassName === undefined && !env.singleNode) {
      throw new ConfigError(
        this,
        'environment.storage.readWriteManyClass',
        `environment '${env.name}' has several nodes, so the pipeline's shared volumes need a ReadWriteMany storage class`,
      );
    }
    const accessModes = [
      storageClassName === undefined
        ? kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE
        : kplus.PersistentVolumeAccessMode.READ_WRITE_MANY,
    ];
    const claim = (claimId: string, suffix: string, storage: Size) =>
      new kplus.PersistentVolumeClaim(this, claimId, {
        metadata: {
          name: `${props.namePrefix}-${suffix}`,
          // Pruning or deleting the Argo CD Application must not throw away downloaded dumps
          // and hours of GPU output; removing a claim is a deliberate, manual step.
          annotations: { 'argocd.argoproj.io/sync-options': 'Delete=false' },
        },
        accessModes,
        storage,
        storageClassName,
      });
    this.dumps = claim('Dumps', 'dumps', dumpsSize);
    this.output = claim('Output', 'output', outputSize);
  }

  /**
   * Both claims as volumes of Ray pods, at the same paths on the head and every worker. Ray
   * only reads the dumps, so that mount is read-only.
   */
  public rayVolumes(): RayVolume[] {
    return [
      { volume: { name: 'dumps', persistentVolumeClaim: { claimName: this.dumps.name } }, mountPath: DUMPS_PATH, readOnly: true },
      this.outputVolume(),
    ];
  }

  /** The output claim as a volume of Ray pods at OUTPUT_PATH (read-write). */
  public outputVolume(): RayVolume {
    return { volume: { name: 'output', persistentVolumeClaim: { claimName: this.output.name } }, mountPath: OUTPUT_PATH };
  }
}
