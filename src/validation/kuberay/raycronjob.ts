import { cronScheduleProblem } from '../../k8s/cron-schedule';
import { Finding } from '../finding';
import { FeatureGates } from './feature-gates';
import { JsonObject, asObject, asString, dig } from './json';
import { KUBERAY_MAX_NAME_LENGTH } from '../../k8s/names';

/**
 * KubeRay v1.7.0's RayCronJob checks (`ValidateRayCronJobSpec` in
 * `ray-operator/controllers/ray/utils/validation.go`; cases from `TestValidateRayCronJobSpec` in
 * `validation_test.go`). The RayCronJob controller runs only with the alpha `RayCronJob` feature
 * gate, so without it the object is accepted by the API server and then ignored.
 */

/** `MaxRayCronJobNameLength`: the RayJob name limit minus the 11-character schedule suffix of its child RayJobs. */
export const RAYCRONJOB_MAX_NAME_LENGTH = KUBERAY_MAX_NAME_LENGTH.RayJob - 11;

const REJECTED = 'the KubeRay v1.7.0 operator rejects this RayCronJob in its reconcile loop and schedules no RayJob';

/**
 * Whether Go's `time.LoadLocation` loads `zone`: an IANA zone name (`Asia/Taipei`), `UTC` or
 * `Local`. Checked against the time zone database Node carries (ICU), refusing the numeric
 * offsets ICU also takes but Go does not.
 */
function isLoadableZone(zone: string): boolean {
  if (zone === 'Local' || zone === 'UTC') return true;
  if (/^[+-]|:/.test(zone)) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/**
 * The RayCronJob's own findings: the feature gate, name length, schedule and time zone. Its
 * `spec.jobTemplate` goes through the RayJob spec rules (see `checkKubeRay`).
 */
export function rayCronJobFindings(obj: JsonObject, gates: FeatureGates): Finding[] {
  const findings: Finding[] = [];
  const report = (rule: string, path: string, message: string) => findings.push({ rule, path, message: `${message}; ${REJECTED}` });
  if (!gates.RayCronJob) {
    findings.push({
      rule: 'kuberay/raycronjob-feature-gate',
      path: 'kind',
      message: 'RayCronJob needs the RayCronJob feature gate (alpha, off by default in v1.7.0); without it the operator ignores the object and nothing is ever scheduled. Expected the gate declared on',
    });
  }
  const name = asString(dig(obj, 'metadata', 'name')) ?? '';
  if (name.length > RAYCRONJOB_MAX_NAME_LENGTH) {
    report('kuberay/raycronjob-name-length', 'metadata.name', `name '${name}' has ${name.length} characters, expected at most ${RAYCRONJOB_MAX_NAME_LENGTH}`);
  }
  const spec = asObject(obj.spec) ?? {};
  const schedule = asString(spec.schedule) ?? '';
  if (schedule.includes('TZ')) {
    report('kuberay/raycronjob-schedule', 'spec.schedule', `schedule '${schedule}' contains TZ or CRON_TZ, expected the time zone in spec.timeZone instead`);
  } else {
    const problem = cronScheduleProblem(schedule);
    if (problem) report('kuberay/raycronjob-schedule', 'spec.schedule', `invalid cron schedule '${schedule}': ${problem}`);
  }
  const zone = spec.timeZone;
  if (typeof zone === 'string') {
    if (zone === '') {
      report('kuberay/raycronjob-time-zone', 'spec.timeZone', 'timeZone is an empty string, expected an IANA zone such as Europe/Berlin, or the field left out (the operator\'s local time zone)');
    } else if (!isLoadableZone(zone)) {
      report('kuberay/raycronjob-time-zone', 'spec.timeZone', `timeZone '${zone}' is not a known IANA time zone, expected e.g. UTC or Asia/Taipei`);
    }
  }
  return findings;
}
