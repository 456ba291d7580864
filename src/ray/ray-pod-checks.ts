import { IConstruct } from 'constructs';
import { ComputeResources } from '../k8s/compute-resources';
import { cpuProblem, envVarNameProblem, memoryProblem, portProblem } from '../k8s/value-rules';
import { DEFAULT_OBJECT_STORE_SHARE, OBJECT_STORE_MINIMUM_BYTES, RAY_CONTAINER_MINIMUM_MEBIBYTES } from '../k8s/ray-object-store';
import { ConfigError } from './config-error';
import { RAY_HEAD_PORTS } from './ray-ports';

/** What head and worker groups share: the Ray container's size, variables and `ray start` parameters. */
interface RayPodProps {
  readonly resources: Omit<ComputeResources, 'gpus'>;
  readonly env?: Record<string, string>;
  readonly rayStartParams?: Record<string, string>;
}

/** `ray start` parameters that name a port (`port`, `dashboard-port`, `min-worker-port`, …). */
const PORT_PARAM = /(^|-)port$/;

/**
 * Checks the values of a Ray pod's props that reach its manifest (throws a ConfigError naming
 * `<at>.resources.cpu`, `<at>.env[NAME]`, `<at>.rayStartParams.<key>`): CPU and memory > 0 in
 * quantities Kubernetes accepts, memory Ray can start in (at least 250Mi unless
 * `object-store-memory` is set: `RAY_CONTAINER_MINIMUM_MEBIBYTES`), environment variable names
 * the API server accepts, and port parameters within 1–65535.
 */
export function checkRayPodProps(scope: IConstruct, at: string, props: RayPodProps): void {
  const cpu = cpuProblem(props.resources.cpu);
  if (cpu) throw new ConfigError(scope, `${at}.resources.cpu`, cpu);
  const memory = memoryProblem(props.resources.memory);
  if (memory) throw new ConfigError(scope, `${at}.resources.memory`, memory);
  const mebibytes = props.resources.memory.toMebibytes();
  if (props.rayStartParams?.['object-store-memory'] === undefined && mebibytes < RAY_CONTAINER_MINIMUM_MEBIBYTES) {
    const share = `${DEFAULT_OBJECT_STORE_SHARE * 100}%`;
    throw new ConfigError(scope, `${at}.resources.memory`, `expected at least ${RAY_CONTAINER_MINIMUM_MEBIBYTES}Mi, so that Ray's default object store (${share} of it) reaches Ray's minimum of ${OBJECT_STORE_MINIMUM_BYTES / 2 ** 20}Mi (ray start refuses less), got ${mebibytes}Mi`);
  }
  for (const name of Object.keys(props.env ?? {})) {
    const problem = envVarNameProblem(name);
    if (problem) throw new ConfigError(scope, `${at}.env[${name}]`, problem);
  }
  for (const [key, value] of Object.entries(props.rayStartParams ?? {})) {
    const problem = PORT_PARAM.test(key) ? portProblem(value) : undefined;
    if (problem) throw new ConfigError(scope, `${at}.rayStartParams.${key}`, problem);
  }
}

/** The head port each `ray start` parameter moves (KubeRay names of RAY_HEAD_PORTS). */
const HEAD_PORT_PARAMS: Readonly<Record<string, keyof typeof RAY_HEAD_PORTS>> = {
  port: 'gcs-server',
  'dashboard-port': 'dashboard',
  'ray-client-server-port': 'client',
  'metrics-export-port': 'metrics',
};

/**
 * Two services of the head on one port make `ray start` fail on the head ("address already in
 * use"): a port parameter of the head may not take a port another head service listens on.
 */
export function checkHeadPorts(scope: IConstruct, at: string, rayStartParams: Record<string, string>): void {
  const used = new Map<number, string>(Object.entries(RAY_HEAD_PORTS).map(([name, port]) => [port, name]));
  for (const [key, service] of Object.entries(HEAD_PORT_PARAMS)) {
    if (rayStartParams[key] !== undefined) used.delete(RAY_HEAD_PORTS[service]);
  }
  for (const [key, value] of Object.entries(rayStartParams)) {
    if (!PORT_PARAM.test(key)) continue;
    const port = Number(value);
    const other = used.get(port);
    if (other !== undefined) {
      throw new ConfigError(scope, `${at}.rayStartParams.${key}`, `expected a port no other head service uses, got ${port} (used by ${other})`);
    }
    used.set(port, `rayStartParams.${key}`);
  }
}
