import { Duration } from 'cdk8s';
import { IConstruct } from 'constructs';
import {
  WorkflowTemplateSpecTemplatesRetryStrategy,
  WorkflowTemplateSpecTemplatesRetryStrategyBackoffFactor,
  WorkflowTemplateSpecTemplatesRetryStrategyLimit,
  WorkflowTemplateSpecTemplatesRetryStrategyRetryPolicy,
} from '../../../imports/workflowtemplate-argoproj.io';
import { ConfigError } from '../../ray/config-error';

/**
 * How Argo retries a failed step. The pipeline retries in this one layer only: its RayJobs
 * have `backoffLimit: 0`, so attempts don't multiply, and each retry is a fresh RayJob
 * (new name, new cluster) that resumes from the volume's manifests.
 * @see https://argo-workflows.readthedocs.io/en/latest/retries/
 */
export interface StepRetry {
  /**
   * Retries after the first attempt (`limit`; total attempts = limit + 1).
   * @default 2
   */
  readonly limit?: number;
  /**
   * Wait before the first retry.
   * @default Duration.minutes(1)
   */
  readonly backoff?: Duration;
  /**
   * Each further wait is the previous one times this.
   * @default 2
   */
  readonly factor?: number;
  /**
   * Longest wait between attempts (`backoff.cap`).
   * @default Duration.minutes(15)
   */
  readonly maxBackoff?: Duration;
}

/** The template's `retryStrategy`; retries failures and errors alike (a spot node lost is an Error). */
export function retryStrategy(scope: IConstruct, propPath: string, retry: StepRetry = {}): WorkflowTemplateSpecTemplatesRetryStrategy {
  const limit = retry.limit ?? 2;
  const factor = retry.factor ?? 2;
  const backoff = (retry.backoff ?? Duration.minutes(1)).toSeconds();
  const cap = (retry.maxBackoff ?? Duration.minutes(15)).toSeconds();
  if (!Number.isInteger(limit) || limit < 0) throw new ConfigError(scope, `${propPath}.limit`, `expected a whole number >= 0, got ${limit}`);
  if (!Number.isInteger(factor) || factor < 1) throw new ConfigError(scope, `${propPath}.factor`, `expected a whole number >= 1, got ${factor}`);
  if (!(backoff >= 1)) throw new ConfigError(scope, `${propPath}.backoff`, `expected at least 1 second, got ${backoff}s`);
  if (!(cap >= backoff)) {
    throw new ConfigError(scope, `${propPath}.maxBackoff`, `expected at least backoff (${backoff}s), got ${cap}s`);
  }
  return {
    limit: WorkflowTemplateSpecTemplatesRetryStrategyLimit.fromNumber(limit),
    retryPolicy: WorkflowTemplateSpecTemplatesRetryStrategyRetryPolicy.ALWAYS,
    backoff: {
      duration: `${backoff}s`,
      factor: WorkflowTemplateSpecTemplatesRetryStrategyBackoffFactor.fromNumber(factor),
      cap: `${cap}s`,
    },
  };
}
