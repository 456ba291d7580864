import { describe, expect, it } from 'vitest';
import { containerImages, pinnedImages, rayImageMatchesVersion } from '../../../src/validation/policies/pinned-images';

// A container without `image`: the API server rejects its Pod (`spec.containers[0].image:
// Required value`, validateContainers in kubernetes pkg/apis/core/validation/validation.go).
type Obj = Record<string, any>;

const rayCluster = (worker: Obj): Obj => ({
  apiVersion: 'ray.io/v1',
  kind: 'RayCluster',
  metadata: { name: 'c' },
  spec: {
    rayVersion: '2.52.0',
    headGroupSpec: { template: { spec: { containers: [{ name: 'ray-head', image: 'rayproject/ray:2.52.0' }] } } },
    workerGroupSpecs: [{ groupName: 'cpu', template: { spec: { containers: [{ name: 'ray-worker', ...worker }] } } }],
  },
});

describe('policy/container-image', () => {
  it('a Ray worker without image is an error naming the field; the tag warnings stay quiet', () => {
    const obj = rayCluster({});
    expect(containerImages.check(obj)).toEqual([
      {
        rule: 'policy/container-image',
        path: 'spec.workerGroupSpecs[0].template.spec.containers[0].image',
        message: "container 'ray-worker' image: expected a container image, got nothing (the API server rejects its Pod: image is a required value)",
      },
    ]);
    expect(rayImageMatchesVersion.check(obj)).toEqual([]);
    expect(pinnedImages.check(obj)).toEqual([]);
  });

  it('a blank image in any pod template container counts as none', () => {
    const job: Obj = {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'j' },
      spec: { template: { spec: { containers: [{ name: 'main', image: ' ' }] } } },
    };
    expect(containerImages.check(job).map((f) => f.path)).toEqual(['spec.template.spec.containers[0].image']);
  });

  it("an Argo workflow whose templateDefaults.container names an image: Argo merges it into every template", () => {
    const workflow = (templateDefaults?: object): Obj => ({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'WorkflowTemplate',
      metadata: { name: 'w' },
      spec: { ...(templateDefaults ? { templateDefaults } : {}), templates: [{ name: 'step', container: { command: ['true'] } }] },
    });
    expect(containerImages.check(workflow({ container: { image: 'busybox:1.37' } }))).toEqual([]);
    expect(containerImages.check(workflow()).map((f) => f.path)).toEqual(['spec.templates[0].container.image']);
  });

  it('an image with leading or trailing whitespace is an error in any pod template, the submitter and Argo defaults included', () => {
    expect(containerImages.check(rayCluster({ image: 'rayproject/ray:2.52.0 ' }))).toEqual([
      {
        rule: 'policy/container-image',
        path: 'spec.workerGroupSpecs[0].template.spec.containers[0].image',
        message: "container 'ray-worker' image: expected no leading or trailing whitespace, got 'rayproject/ray:2.52.0 ' (the API server rejects its Pod)",
      },
    ]);
    const rayJob: Obj = {
      apiVersion: 'ray.io/v1',
      kind: 'RayJob',
      metadata: { name: 'j' },
      spec: {
        entrypoint: 'python -c 1',
        submitterPodTemplate: { spec: { containers: [{ name: 'submitter', image: '\trayproject/ray:2.52.0' }] } },
        rayClusterSpec: rayCluster({ image: 'rayproject/ray:2.52.0' }).spec,
      },
    };
    expect(containerImages.check(rayJob).map((f) => f.path)).toEqual(['spec.submitterPodTemplate.spec.containers[0].image']);
    const workflow: Obj = {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'WorkflowTemplate',
      metadata: { name: 'w' },
      spec: { templateDefaults: { container: { image: 'busybox:1.37\n' } }, templates: [{ name: 'step', container: { command: ['true'] } }] },
    };
    expect(containerImages.check(workflow).map((f) => f.path)).toEqual(['spec.templateDefaults.container.image']);
  });

  it('accepts containers with an image', () => {
    expect(containerImages.check(rayCluster({ image: 'rayproject/ray:2.52.0' }))).toEqual([]);
  });
});
