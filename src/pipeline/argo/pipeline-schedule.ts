import { Construct } from 'constructs';
import { CronWorkflow, CronWorkflowSpecConcurrencyPolicy } from '../../../imports/cronworkflow-argoproj.io';
import { ConfigError } from '../../ray/config-error';
import { cronScheduleNeverFires, cronScheduleProblem } from '../../k8s/cron-schedule';

/** What the CronWorkflow does when a run is due while the previous one still runs. */
export { CronWorkflowSpecConcurrencyPolicy as ConcurrencyPolicy };

export interface PipelineScheduleProps {
  /** `metadata.name` of the CronWorkflow. */
  readonly name: string;
  /** The WorkflowTemplate each scheduled run is created from. */
  readonly workflowTemplateName: string;
  /** Cron schedules (five fields or a descriptor such as `@weekly`). */
  readonly schedules: string[];
  /**
   * What to do when a run is due while another one is still running.
   * @default ConcurrencyPolicy.FORBID
   */
  readonly concurrencyPolicy?: CronWorkflowSpecConcurrencyPolicy;
}

/**
 * A scheduled refresh: a CronWorkflow (Argo Workflows v4 `schedules` list) that starts a run
 * of the pipeline's WorkflowTemplate. Runs resume from the volumes, so a refresh with the
 * same dumps only finishes what an earlier run left undone.
 */
export class PipelineSchedule extends Construct {
  public readonly apiObject: CronWorkflow;

  constructor(scope: Construct, id: string, props: PipelineScheduleProps) {
    super(scope, id);
    if (props.schedules.length === 0) throw new ConfigError(this, 'schedules', 'expected at least one cron schedule');
    props.schedules.forEach((schedule, i) => {
      const problem = cronScheduleProblem(schedule);
      if (problem) throw new ConfigError(this, `schedules[${i}]`, `'${schedule}' is not a cron schedule Argo accepts: ${problem}`);
      const never = cronScheduleNeverFires(schedule);
      if (never) throw new ConfigError(this, `schedules[${i}]`, `expected a cron schedule that fires, got '${schedule}': ${never}`);
    });
    this.apiObject = new CronWorkflow(this, 'Resource', {
      metadata: { name: props.name },
      spec: {
        schedules: props.schedules,
        concurrencyPolicy: props.concurrencyPolicy ?? CronWorkflowSpecConcurrencyPolicy.FORBID,
        workflowSpec: { workflowTemplateRef: { name: props.workflowTemplateName } },
      },
    });
  }
}
