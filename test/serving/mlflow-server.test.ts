import { Testing } from 'cdk8s';
import { describe, expect, test } from 'vitest';
import { environmentByName } from '../../src/environments';
import { MlflowTrackingServer } from '../../src/serving/mlflow-server';

const image = { repository: 'mlflow-server', tag: '3.18.0' };

describe('MlflowTrackingServer', () => {
  test.each([
    ['a bare bucket name', 'ray-gitops-demo-mlflow', /^test\/mlflow: artifactsDestination: expected a bucket URI such as gs:\/\/bucket\/path, got 'ray-gitops-demo-mlflow'/],
    ['the root directory', 'file:///', /artifactsDestination: 'file:\/\/\/' must name a directory, e.g. file:\/\/\/mlartifacts/],
  ])('rejects %s as artifact destination', (_, artifactsDestination, error) => {
    const chart = Testing.chart();
    expect(() => new MlflowTrackingServer(chart, 'mlflow', { environment: environmentByName('local'), image, artifactsDestination, databaseSecret: 'db' })).toThrow(error);
  });

  test('a bucket destination claims no volume and keeps rolling updates', () => {
    const chart = Testing.chart();
    new MlflowTrackingServer(chart, 'mlflow', { environment: environmentByName('gke'), image, artifactsDestination: 's3://bucket/mlflow', databaseSecret: 'db' });
    const objects = Testing.synth(chart);
    expect(objects.some((o) => o.kind === 'PersistentVolumeClaim')).toBe(false);
    expect(objects.find((o) => o.kind === 'Deployment').spec.strategy).toBeUndefined();
  });
});
