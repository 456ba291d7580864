import { PodRole, podTemplates } from '../../k8s/pod-templates';
import { ObjectPolicy } from './policy';

// Source: https://kubernetes.io/docs/concepts/containers/images/ (a tag such as latest can
// move; pin a version or a digest) and
// https://docs.ray.io/en/latest/cluster/kubernetes/user-guides/config.html (rayVersion must
// match the Ray version of the image).

/** Splits `repo[:tag][@digest]` (a registry port is not a tag). */
function imageTag(image: string): { tag?: string; digest?: string } {
  const [name, digest] = image.split('@');
  const lastSegment = name.slice(name.lastIndexOf('/') + 1);
  const colon = lastSegment.lastIndexOf(':');
  return { tag: colon >= 0 ? lastSegment.slice(colon + 1) : undefined, digest };
}

/** Images are pinned: a tag other than `latest`, or a digest. Otherwise a sync can silently change code. */
export const pinnedImages: ObjectPolicy = {
  id: 'policy/pinned-images',
  description: 'images are pinned by tag (not latest) or digest',
  severity: 'warning',
  check(obj) {
    return podTemplates(obj).flatMap((pod) =>
      pod.containers.flatMap(({ path, container }) => {
        const { tag, digest } = imageTag(String(container.image ?? ''));
        return digest || (tag && tag !== 'latest')
          ? []
          : [{ rule: this.id, path: `${path}.image`, message: `image '${container.image}' must be pinned to a tag other than 'latest' or a digest` }];
      }),
    );
  },
};

/**
 * The Ray container's image tag starts with `rayVersion`: KubeRay and the autoscaler use
 * rayVersion to decide what the pods can do, and a mismatch breaks them at run time.
 */
export const rayImageMatchesVersion: ObjectPolicy = {
  id: 'policy/ray-image-version',
  description: "the Ray container's image tag matches rayVersion",
  severity: 'warning',
  check(obj) {
    return podTemplates(obj)
      .filter((pod) => pod.role === PodRole.RAY_HEAD || pod.role === PodRole.RAY_WORKER)
      .flatMap((pod) => {
        const ray = pod.containers.find((c) => !c.init);
        if (!ray || !pod.rayVersion) return [];
        const { tag } = imageTag(String(ray.container.image ?? ''));
        const matches = tag !== undefined && (tag === pod.rayVersion || tag.startsWith(`${pod.rayVersion}-`));
        return matches
          ? []
          : [{ rule: this.id, path: `${ray.path}.image`, message: `image tag '${tag ?? ''}' must start with rayVersion '${pod.rayVersion}' (e.g. ${pod.rayVersion}-py311)` }];
      });
  },
};
