import { cronScheduleNeverFires, cronScheduleProblem } from '../../k8s/cron-schedule';
import { Finding } from '../finding';
import { ObjectPolicy } from './policy';

/**
 * The schedules of a CronWorkflow (`spec.schedules[]`, and the older `spec.schedule`) and of a
 * RayCronJob (`spec.schedule`) are ones that fire. Neither CRD checks a schedule: Argo's
 * controller parses a CronWorkflow's with robfig/cron v3 `ParseStandard` only when it
 * schedules, so a bad one is applied, shows Synced and logs an error; a schedule the parser
 * takes but whose days exist in none of its months (`0 0 31 2 *`) is never run by either
 * controller (see `cronScheduleNeverFires`). A RayCronJob's syntax is KubeRay's own check
 * (`kuberay/raycronjob-schedule`), so only its never-firing schedules are reported here.
 */
export const cronSchedules: ObjectPolicy = {
  id: 'policy/cron-schedules',
  description: 'CronWorkflow and RayCronJob schedules parse and fire',
  check(obj) {
    const findings: Finding[] = [];
    const judge = (schedule: unknown, path: string, syntax: boolean): void => {
      if (typeof schedule !== 'string') return;
      const problem = syntax ? cronScheduleProblem(schedule) : undefined;
      if (problem) {
        findings.push({ rule: this.id, path, message: `expected a cron schedule Argo accepts, got '${schedule}': ${problem}` });
        return;
      }
      const never = cronScheduleNeverFires(schedule);
      if (never) findings.push({ rule: this.id, path, message: `expected a cron schedule that fires, got '${schedule}': ${never}` });
    };
    if (obj.kind === 'CronWorkflow' && obj.apiVersion === 'argoproj.io/v1alpha1') {
      const schedules: unknown = obj.spec?.schedules;
      if (Array.isArray(schedules)) schedules.forEach((schedule, i) => judge(schedule, `spec.schedules[${i}]`, true));
      judge(obj.spec?.schedule, 'spec.schedule', true);
    } else if (obj.kind === 'RayCronJob' && obj.apiVersion === 'ray.io/v1') {
      judge(obj.spec?.schedule, 'spec.schedule', false);
    }
    return findings;
  },
};
