import { describe, expect, test } from 'vitest';
import { cronScheduleNeverFires, cronScheduleProblem } from '../../src/k8s/cron-schedule';

// Cases follow robfig/cron v3's ParseStandard, which Argo Workflows uses for `schedules`.
describe('cron schedules as Argo parses them', () => {
  test.each([
    '0 3 * * 0',
    '*/15 * * * *',
    '0 0 1,15 * *',
    '30 2 * jan-mar MON-fri',
    '5-55/10 8-18 ? * 1-5',
    '0 0 29 2 *',
    '@weekly',
    '@midnight',
    '@every 1h30m',
    '@every 90s',
    '  0   3 * * *  ',
  ])('accepts %s', (schedule) => {
    expect(cronScheduleProblem(schedule)).toBeUndefined();
  });

  test.each([
    ['', /empty schedule/],
    ['0 3 * *', /expected exactly 5 fields .* got 4$/],
    ['0 0 3 * * *', /got 6$/],
    ['60 * * * *', /minute field '60': '60' ends above 59/],
    ['0 24 * * *', /hour field '24'/],
    ['0 0 0 * *', /day of month field '0': '0' starts below 1/],
    ['0 0 * 13 *', /month field '13'/],
    ['0 0 * * 7', /day of week field '7': '7' ends above 6/],
    ['0 0 * * sun-7', /day of week field/],
    ['*/0 * * * *', /step of '\*\/0' must be positive/],
    ['5-1 * * * *', /starts after it ends/],
    ['1-2-3 * * * *', /too many hyphens/],
    ['*/2/3 * * * *', /too many slashes/],
    ['0 0 * foo *', /'foo' is not a number or a name/],
    ['@fortnightly', /unknown descriptor '@fortnightly'/],
    ['@every 1 hour', /unknown descriptor/],
    ['CRON_TZ=Europe/Berlin 0 3 * * *', /TZ= prefix/],
  ])('rejects %o', (schedule, problem) => {
    expect(cronScheduleProblem(schedule)).toMatch(problem);
  });
});

// robfig/cron v3 spec.go: day of month AND day of week when either is unrestricted (`*`, `?`, a
// step of 1), either of them otherwise; Next gives up after five years.
describe('cron schedules that parse but never fire', () => {
  test.each([
    ['0 0 31 2 *', /day of month field '31' names no day that month field '2' has \(at most: February 29\), so the schedule never fires/],
    ['0 0 30 feb ?', /at most: February 29/],
    ['0 0 31 4,6,9,11 *', /at most: April 30, June 30, September 30, November 30/],
    ['0 0 30-31 2 */1', /day of month field '30-31'/],
    ['0 0 31 2 *,1', /never fires/],
    ['0 , * * *', /hour field ',' selects no value/],
  ])('%s never fires', (schedule, problem) => {
    expect(cronScheduleProblem(schedule)).toBeUndefined();
    expect(cronScheduleNeverFires(schedule)).toMatch(problem);
  });

  test.each([
    '0 0 29 2 *', // leap years
    '0 0 31 2 1', // day of week restricted too: Mondays in February
    '0 0 31 2 0-6', // no star: either field
    '0 0 31 2,3 *', // March 31
    '0 0 */31 2 *', // a step above 1 clears the star: the 1st
    '0 3 * * 0',
    '@monthly',
    '@every 1h',
    '61 * * * *', // rejected, not judged here
  ])('%s fires (or is not judged)', (schedule) => {
    expect(cronScheduleNeverFires(schedule)).toBeUndefined();
  });
});
