import { describe, expect, test } from 'vitest';
import { imageReferenceProblem } from '../../src/k8s/image-reference';

describe('imageReferenceProblem', () => {
  test.each([
    'ray-workloads:2.52.0-py311',
    'rayproject/ray:2.52.0-py311-gpu',
    'us-docker.pkg.dev/ray-gitops-demo/ml/ray-workloads:2.52.0',
    '123456789012.dkr.ecr.us-east-1.amazonaws.com/ray-workloads:2.52.0-py311',
    'localhost:5000/ray-workloads',
    'registry.example.com:443/team/ray__workloads.v2-beta:v1',
    `ray@sha256:${'a'.repeat(64)}`,
    `ghcr.io/org/ray:2.52@sha256:${'b'.repeat(64)}`,
  ])('%s is an image kubelet can pull', (image) => {
    expect(imageReferenceProblem(image)).toBeUndefined();
  });

  // Each of these made the library's whole-reference pattern backtrack for seconds to minutes.
  test.each([
    ['ray-workloads:2.52.0-py311:v2', 'invalid reference format'],
    ['us-docker.pkg.dev/ray-gitops-demo/ml/ray-workloads:2.52:v2', 'invalid reference format'],
    [`${'x'.repeat(40)}!`, 'invalid reference format'],
    ['abc/def/ghi/jkl/mno/pqr/stu:ta g', 'invalid reference format'],
    ['a.b.c.d.e.f.g.h.i.j.k/x:y:z', 'invalid reference format'],
    ['MLflow Server!:3.18.0', 'invalid reference format: repository name must be lowercase'],
    ['ray:', 'invalid reference format'],
    ['registry.io:port/ray', 'invalid reference format'],
    ['ray@sha256:abc', 'invalid reference format'],
  ])('%s: %s, at once', (image, problem) => {
    expect(imageReferenceProblem(image)).toBe(problem);
  });
});
