/**
 * The schedule syntax Argo Workflows accepts in `CronWorkflow.spec.schedules`: it parses
 * every entry with robfig/cron v3's `ParseStandard` (five fields, or a descriptor), both
 * when the CronWorkflow is created and when it schedules. These checks follow that parser
 * (`parser.go`), so a schedule that passes here is one Argo takes.
 * @see https://argo-workflows.readthedocs.io/en/latest/cron-workflows/#cron-schedule-syntax
 */

interface FieldBounds {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly names?: Readonly<Record<string, number>>;
}

const MONTH_NAMES = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAY_NAMES = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

const FIELDS: readonly FieldBounds[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: Object.fromEntries(MONTH_NAMES.map((m, i) => [m, i + 1])) },
  { name: 'day of week', min: 0, max: 6, names: Object.fromEntries(DAY_NAMES.map((d, i) => [d, i])) },
];

const DESCRIPTORS = ['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly'];

/** Go's `time.ParseDuration` syntax (as used by `@every`): signed decimal numbers with units. */
const GO_DURATION = /^[-+]?(0|(\d+(\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h))+$/;
const GO_DURATION_ZERO = /^[-+]?0$/;

/** Go's `strconv.Atoi`: optional sign, decimal digits. */
const GO_INT = /^[-+]?\d+$/;

function number(expr: string, field: FieldBounds): number {
  const named = field.names?.[expr.toLowerCase()];
  if (named !== undefined) return named;
  if (!GO_INT.test(expr)) throw new Error(`'${expr}' is not a number${field.names ? ' or a name' : ''}`);
  const value = Number(expr);
  if (value < 0) throw new Error(`negative number ${value} not allowed`);
  return value;
}

/** One comma-separated part: `*`, `?`, `n`, `a-b`, each optionally with `/step`. */
function checkRange(expr: string, field: FieldBounds): void {
  const rangeAndStep = expr.split('/');
  const lowAndHigh = rangeAndStep[0].split('-');
  let start: number;
  let end: number;
  if (lowAndHigh[0] === '*' || lowAndHigh[0] === '?') {
    [start, end] = [field.min, field.max];
  } else {
    if (lowAndHigh.length > 2) throw new Error(`too many hyphens in '${expr}'`);
    start = number(lowAndHigh[0], field);
    end = lowAndHigh.length === 2 ? number(lowAndHigh[1], field) : start;
  }
  if (rangeAndStep.length > 2) throw new Error(`too many slashes in '${expr}'`);
  if (rangeAndStep.length === 2) {
    if (number(rangeAndStep[1], { ...field, names: undefined }) === 0) throw new Error(`step of '${expr}' must be positive`);
    if (lowAndHigh.length === 1) end = field.max;
  }
  if (start < field.min) throw new Error(`'${expr}' starts below ${field.min}`);
  if (end > field.max) throw new Error(`'${expr}' ends above ${field.max}`);
  if (start > end) throw new Error(`'${expr}' starts after it ends`);
}

/**
 * Why Argo would reject `schedule`, or undefined when it takes it. Time zones belong in the
 * CronWorkflow's `timezone`, so the `TZ=`/`CRON_TZ=` prefix the parser also knows is refused.
 */
export function cronScheduleProblem(schedule: string): string | undefined {
  if (schedule.length === 0) return 'empty schedule';
  if (/^(CRON_)?TZ=/.test(schedule)) return 'a TZ= prefix is not supported here; schedules run in the Argo controller time zone';
  if (schedule.startsWith('@')) {
    if (DESCRIPTORS.includes(schedule)) return undefined;
    const every = /^@every (.*)$/.exec(schedule);
    if (every && (GO_DURATION.test(every[1]) || GO_DURATION_ZERO.test(every[1]))) return undefined;
    return `unknown descriptor '${schedule}' (expected one of ${DESCRIPTORS.join(', ')} or '@every <duration>')`;
  }
  const fields = schedule.trim().split(/\s+/);
  if (fields.length !== FIELDS.length) {
    return `expected exactly 5 fields (minute hour day-of-month month day-of-week), got ${fields.length}`;
  }
  for (const [i, bounds] of FIELDS.entries()) {
    try {
      for (const part of fields[i].split(',').filter((p) => p !== '')) checkRange(part, bounds);
    } catch (error) {
      return `${bounds.name} field '${fields[i]}': ${(error as Error).message} (allowed ${bounds.min}-${bounds.max})`;
    }
  }
  return undefined;
}
