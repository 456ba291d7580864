import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const SCRIPTS_DIR = join(__dirname, '..', 'scripts', 'control-plane');

/** A Kubernetes object as the API server returns it. */
export interface KubeObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: {
    readonly name: string;
    readonly namespace?: string;
    readonly uid?: string;
    readonly labels?: Record<string, string>;
    readonly ownerReferences?: { kind: string; name: string; uid: string }[];
  };
  readonly spec?: any;
  readonly status?: any;
}

/**
 * Objects as one JSON List for kubectl: JSON, not YAML, so that no string such as `"yes"` can be
 * read back as another type by kubectl's YAML 1.1 parser.
 */
export function jsonList(objects: readonly object[]): string {
  return JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objects });
}

/** Control planes still running, so that a signal handler can stop them. */
const running = new Set<ControlPlane>();

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    for (const plane of running) plane.stop();
    process.exit(130);
  });
}

/**
 * One loopback control plane started by `up.sh` in its own temporary directory, driven through the
 * kubectl built with it. `stop()` must run in a `finally`; signals stop it too.
 */
export class ControlPlane {
  /** Starts a fresh control plane (etcd data included); builds the binaries on first use. */
  public static start(label: string): ControlPlane {
    const dir = mkdtempSync(join(tmpdir(), `ray-gitops-cluster-${label}-`));
    const plane = new ControlPlane(dir);
    running.add(plane);
    try {
      execFileSync(join(SCRIPTS_DIR, 'up.sh'), [dir], { stdio: ['ignore', 'inherit', 'inherit'] });
    } catch (error) {
      plane.stop();
      throw new Error(`control plane did not start (see the messages above): ${(error as Error).message}`);
    }
    return plane;
  }

  private constructor(public readonly dir: string) {}

  /** Runs kubectl; on failure throws with kubectl's own message (the API server's, mostly). */
  public kubectl(args: string[], input?: string): string {
    try {
      return execFileSync(join(this.dir, 'kubectl'), ['--kubeconfig', join(this.dir, 'admin.kubeconfig'), ...args], {
        input,
        encoding: 'utf8',
        stdio: ['pipe', 'pipe', 'pipe'],
        maxBuffer: 256 * 1024 * 1024,
      });
    } catch (error) {
      const { stderr, stdout } = error as { stderr?: string; stdout?: string };
      throw new Error(`kubectl ${args.join(' ')} failed:\n${stderr || stdout || (error as Error).message}`);
    }
  }

  /** Lists objects of one type across all namespaces. */
  public list(resource: string): KubeObject[] {
    return JSON.parse(this.kubectl(['get', resource, '--all-namespaces', '-o', 'json'])).items;
  }

  /**
   * Server-side apply with strict field validation, as Argo CD would apply the objects; `manifests`
   * is YAML or JSON text. Returns kubectl's per-object lines.
   */
  public apply(manifests: string, fieldManager = 'ray-gitops'): string {
    return this.kubectl(
      ['apply', '--server-side', '--field-manager', fieldManager, '--validate=strict', '-f', '-'],
      manifests,
    );
  }

  /** Events about one object, oldest first: where the operator and scheduler say what went wrong. */
  public eventsFor(object: KubeObject): string {
    const selector = `involvedObject.name=${object.metadata.name},involvedObject.kind=${object.kind}`;
    const namespace = object.metadata.namespace ?? 'default';
    return this.kubectl(['get', 'events', '-n', namespace, '--field-selector', selector, '--sort-by', '.lastTimestamp']);
  }

  /** Stops every process and deletes the directory; safe to call twice. */
  public stop(): void {
    if (!running.delete(this)) return;
    execFileSync(join(SCRIPTS_DIR, 'down.sh'), [this.dir], { stdio: 'inherit' });
  }
}
