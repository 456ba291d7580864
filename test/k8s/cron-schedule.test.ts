import { describe, expect, test } from 'vitest';
import { cronScheduleProblem } from '../../src/k8s/cron-schedule';

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
