import { Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { RayEnvironment } from '../environments/types';
import { ComputeResources } from '../k8s/compute-resources';
import { ConfigError } from '../ray/config-error';
import { HeadGroupProps, SMALL_HEAD_RESOURCES } from '../ray/head-group';
import { RayVolume } from '../ray/ray-volume';
import { ServingOptions, ServingRayService } from './serving-ray-service';

/** What an environment chooses about the search service of its pipeline. */
export interface ArticleSearchOptions extends ServingOptions {
  /**
   * Serve replicas of `ArticleSearch`, one CPU worker pod each.
   * @default 1
   */
  readonly replicas?: number;
  /**
   * Resources of a search worker: the model on CPU and the index's page cache.
   * @default - 2 CPU, 3 GiB
   */
  readonly worker?: ComputeResources;
  /**
   * The Ray head.
   * @default - 1 CPU, 4 GiB, not schedulable
   */
  readonly head?: HeadGroupProps;
}

/** Props of {@link ArticleSearch}. */
export interface ArticleSearchProps extends ArticleSearchOptions {
  readonly environment: RayEnvironment;
  /** Name of the RayService. */
  readonly name: string;
  /** The volume holding the index, mounted read-only on every Ray pod. */
  readonly indexVolume: RayVolume;
  /** Path of the LanceDB database on that volume (`args.index_uri`). */
  readonly indexUri: string;
  /** The model the pipeline embedded with; queries must be embedded with the same one. */
  readonly model: string;
}

/**
 * Semantic search over the pipeline's vector index: a RayService running
 * `ray_workloads.serve.search:build_app` (`POST /search {query, k}` → nearest articles with
 * page id, title and score) on CPU workers that mount the pipeline's output volume read-only.
 * It may be synced before the pipeline has run: until the index exists `/search` answers 503.
 */
export class ArticleSearch extends Construct {
  public readonly service: ServingRayService;

  constructor(scope: Construct, id: string, props: ArticleSearchProps) {
    super(scope, id);
    const replicas = props.replicas ?? 1;
    if (!Number.isInteger(replicas) || replicas < 1) throw new ConfigError(this, 'replicas', `expected a whole number >= 1, got ${replicas}`);
    this.service = new ServingRayService(this, 'Service', {
      environment: props.environment,
      name: props.name,
      gcsFaultTolerance: props.gcsFaultTolerance,
      callers: props.callers,
      serviceAccountAnnotations: props.serviceAccountAnnotations,
      cluster: {
        head: props.head ?? { resources: SMALL_HEAD_RESOURCES },
        workerGroups: [
          {
            groupName: 'search-workers',
            resources: props.worker ?? { cpu: Cpu.units(2), memory: Size.gibibytes(3) },
            replicas,
            minReplicas: replicas,
            maxReplicas: replicas,
          },
        ],
        volumes: [{ ...props.indexVolume, readOnly: true }],
      },
      applications: [
        {
          name: 'search',
          importPath: 'ray_workloads.serve.search:build_app',
          routePrefix: '/',
          args: { index_uri: props.indexUri, model: props.model, device: 'cpu' },
          deployments: [{ name: 'ArticleSearch', numReplicas: replicas, rayActorOptions: { numCpus: 1 } }],
        },
      ],
    });
  }
}
