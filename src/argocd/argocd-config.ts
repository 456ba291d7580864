import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { argocdCmPatch } from './health-checks';
import { ARGOCD_NAMESPACE } from './layout';
import { SYNC_WAVE_ANNOTATION, SyncWave } from './sync-waves';

/** The argocd-cm key of the restored Application health check. */
export const APPLICATION_HEALTH_KEY = 'resource.customizations.health.argoproj.io_Application';

/** The Lua health check of a child Application (`application-health.lua`). */
export function applicationHealthScript(): string {
  return readFileSync(join(__dirname, 'application-health.lua'), 'utf8');
}

/**
 * Argo CD's argocd-cm as a patch: the ray.io health checks plus the restored Application health
 * check that makes the root's sync waves wait for child Applications. Applied server-side by the
 * bootstrap and then by the root, so the other argocd-cm entries keep their owners. The root
 * never prunes or deletes it: it is Argo CD's own configuration.
 */
export class ArgocdConfig extends Construct {
  public readonly apiObject: ApiObject;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const patch = argocdCmPatch({ namespace: ARGOCD_NAMESPACE });
    this.apiObject = new ApiObject(this, 'Resource', {
      apiVersion: patch.apiVersion,
      kind: patch.kind,
      metadata: {
        ...patch.metadata,
        annotations: {
          [SYNC_WAVE_ANNOTATION]: String(SyncWave.ARGOCD_CONFIG),
          'argocd.argoproj.io/sync-options': 'ServerSideApply=true,Prune=false,Delete=false',
        },
      },
      data: { ...patch.data, [APPLICATION_HEALTH_KEY]: applicationHealthScript() },
    });
  }
}
