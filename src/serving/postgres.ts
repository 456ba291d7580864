import { Size } from 'cdk8s';
import { Cpu, k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { ContainerImage, RayEnvironment } from '../environments/types';
import { ComputeResources, containerResources, memoryQuantity } from '../k8s/compute-resources';
import { placeOnNodes, podPlacement } from '../placement/node-placement';
import { NamespaceOnlyNetworkPolicy } from './network-policies';
import { RESTRICTED_CONTAINER, restrictedPodAs, scratchVolume } from '../k8s/pod-security';
import { SecretKeyRef, secretEnv } from './secret-ref';
import { WorkloadServiceAccount } from './service-account';

/** Port PostgreSQL listens on. */
export const POSTGRES_PORT = 5432;

/** The official image's `postgres` user (Debian variant). */
const POSTGRES_UID = 999;

/** Props of {@link PostgresDatabase}. */
export interface PostgresDatabaseProps {
  readonly environment: RayEnvironment;
  /** Name of the StatefulSet, its Service and ServiceAccount; clients connect to `<name>:5432`. */
  readonly name: string;
  /** Database created on first start. */
  readonly database: string;
  /** Existing Secret key with the user name. */
  readonly username: SecretKeyRef;
  /** Existing Secret key with the password. */
  readonly password: SecretKeyRef;
  /** Labels of the pods allowed to connect (the NetworkPolicy admits no one else). */
  readonly clients: Record<string, string>;
  /**
   * Size of the data volume (a ReadWriteOnce claim of the environment's `readWriteOnceClass`).
   * @default Size.gibibytes(5)
   */
  readonly storage?: Size;
  /**
   * CPU and memory (requests = limits).
   * @default - 250m CPU, 512 MiB
   */
  readonly resources?: ComputeResources;
  /**
   * PostgreSQL image, pinned.
   * @default docker.io/library/postgres:16.4-bookworm
   */
  readonly image?: ContainerImage;
}

/**
 * A single-instance PostgreSQL for development clusters: a StatefulSet whose data lives on a
 * claim from its `volumeClaimTemplates` (it survives pod restarts and rescheduling), and a
 * headless Service for a stable DNS name. Not highly available: production environments use a
 * managed database instead.
 */
export class PostgresDatabase extends Construct {
  /** `host:port` clients connect to. */
  public readonly address: string;
  public readonly name: string;

  constructor(scope: Construct, id: string, props: PostgresDatabaseProps) {
    super(scope, id);
    const env = props.environment;
    this.name = props.name;
    this.address = `${props.name}:${POSTGRES_PORT}`;
    const image = props.image ?? { repository: 'docker.io/library/postgres', tag: '16.4-bookworm' };
    const resources = props.resources ?? { cpu: Cpu.millis(250), memory: Size.mebibytes(512) };
    const labels = { 'app.kubernetes.io/name': 'postgres', 'app.kubernetes.io/instance': props.name };
    const account = new WorkloadServiceAccount(this, 'ServiceAccount', { name: props.name });
    const ready = ['sh', '-c', 'pg_isready -h 127.0.0.1 -U "$POSTGRES_USER" -d "$POSTGRES_DB"'];

    new NamespaceOnlyNetworkPolicy(this, 'NetworkPolicy', { name: props.name, podSelector: labels, ports: [POSTGRES_PORT], from: props.clients });
    new k8s.KubeService(this, 'Service', {
      metadata: { name: props.name, labels },
      spec: {
        clusterIp: 'None',
        selector: labels,
        ports: [{ name: 'postgres', port: POSTGRES_PORT, targetPort: k8s.IntOrString.fromString('postgres') }],
      },
    });

    new k8s.KubeStatefulSet(this, 'Resource', {
      metadata: { name: props.name, labels },
      spec: {
        serviceName: props.name,
        replicas: 1,
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: {
            serviceAccountName: account.name,
            automountServiceAccountToken: false,
            securityContext: restrictedPodAs(POSTGRES_UID),
            ...podPlacement(placeOnNodes(this, env, resources, 'resources')),
            containers: [
              {
                name: 'postgres',
                image: `${image.repository}:${image.tag}`,
                ports: [{ name: 'postgres', containerPort: POSTGRES_PORT }],
                env: [
                  { name: 'POSTGRES_DB', value: props.database },
                  secretEnv('POSTGRES_USER', props.username),
                  secretEnv('POSTGRES_PASSWORD', props.password),
                  // A subdirectory: the volume's root holds lost+found, which initdb refuses.
                  { name: 'PGDATA', value: '/var/lib/postgresql/data/pgdata' },
                ],
                resources: containerResources(resources),
                securityContext: RESTRICTED_CONTAINER,
                readinessProbe: { exec: { command: ready }, periodSeconds: 10, timeoutSeconds: 5 },
                livenessProbe: { exec: { command: ready }, initialDelaySeconds: 30, periodSeconds: 20, timeoutSeconds: 5, failureThreshold: 6 },
                volumeMounts: [
                  { name: 'data', mountPath: '/var/lib/postgresql/data' },
                  { name: 'run', mountPath: '/var/run/postgresql' },
                  { name: 'tmp', mountPath: '/tmp' },
                ],
              },
            ],
            volumes: [scratchVolume('run', '16Mi'), scratchVolume('tmp', '256Mi')],
          },
        },
        volumeClaimTemplates: [
          {
            metadata: { name: 'data' },
            spec: {
              accessModes: ['ReadWriteOnce'],
              storageClassName: env.storage.readWriteOnceClass,
              resources: { requests: { storage: k8s.Quantity.fromString(memoryQuantity(props.storage ?? Size.gibibytes(5))) } },
            },
          },
        ],
      },
    });
  }
}
