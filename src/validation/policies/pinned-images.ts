import { PodRole, podTemplates } from '../../k8s/pod-templates';
import { argoWorkflowSpec } from '../../k8s/argo-workflows';
import { formatPath } from '../../k8s/field-path';
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

/** Whether a container names an image at all (a non-blank string). */
function hasImage(container: { image?: unknown }): boolean {
  return typeof container.image === 'string' && container.image.trim() !== '';
}

/** Whether an image has leading or trailing whitespace (Go's `strings.TrimSpace` would change it). */
function paddedImage(image: unknown): image is string {
  return typeof image === 'string' && image.trim() !== '' && image.trim() !== image;
}

/**
 * Every container of a pod template names an image, without leading or trailing whitespace.
 * The API server rejects a Pod without one (`spec.containers[0].image: Required value`) or with
 * a padded one (`must not have leading or trailing whitespace`): `validateContainers` and
 * `validateContainerCommon` in Kubernetes' pkg/apis/core/validation/validation.go. Pod templates
 * inside KubeRay and Argo objects are not validated when applied, their Pods are, so KubeRay or
 * the controller never gets a pod.
 */
export const containerImages: ObjectPolicy = {
  id: 'policy/container-image',
  description: 'every pod template container names an image, without surrounding whitespace',
  check(obj) {
    const padded = (path: string, name: unknown, image: string) => ({
      rule: this.id,
      path,
      message: `container '${name ?? ''}' image: expected no leading or trailing whitespace, got '${image}' (the API server rejects its Pod)`,
    });
    // A RayJob's submitterPodTemplate is left out: KubeRay builds the submitter from it and may
    // fill in the head's image (not checked here, so no claim is made). So are the templates of
    // an Argo workflow whose `templateDefaults.container` names an image: Argo merges it into
    // every template (https://argo-workflows.readthedocs.io/en/latest/template-defaults/).
    const workflow = argoWorkflowSpec(obj);
    const defaults = workflow?.spec.templateDefaults?.container;
    const defaultFindings = paddedImage(defaults?.image)
      ? [padded(formatPath([...workflow!.path, 'templateDefaults', 'container', 'image']), defaults.name, defaults.image)]
      : [];
    const defaultImage = hasImage(defaults ?? {});
    return [
      ...defaultFindings,
      ...podTemplates(obj).flatMap((pod) =>
        pod.containers.flatMap(({ path, container }) => {
          if (paddedImage(container.image)) return [padded(`${path}.image`, container.name, container.image)];
          if (hasImage(container) || defaultImage || pod.role === PodRole.RAY_JOB_SUBMITTER) return [];
          return [{ rule: this.id, path: `${path}.image`, message: `container '${container.name ?? ''}' image: expected a container image, got nothing (the API server rejects its Pod: image is a required value)` }];
        }),
      ),
    ];
  },
};

/** Images are pinned: a tag other than `latest`, or a digest. Otherwise a sync can silently change code. */
export const pinnedImages: ObjectPolicy = {
  id: 'policy/pinned-images',
  description: 'images are pinned by tag (not latest) or digest',
  severity: 'warning',
  check(obj) {
    return podTemplates(obj).flatMap((pod) =>
      pod.containers.flatMap(({ path, container }) => {
        // No image at all: policy/container-image reports it.
        if (!hasImage(container)) return [];
        const { tag, digest } = imageTag(String(container.image ?? ''));
        return digest || (tag && tag !== 'latest')
          ? []
          : [{ rule: this.id, path: `${path}.image`, message: `expected an image pinned to a tag other than 'latest' or to a digest, got '${container.image}'` }];
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
        // No image at all: policy/container-image reports it.
        if (!ray || !pod.rayVersion || !hasImage(ray.container)) return [];
        const { tag } = imageTag(String(ray.container.image ?? ''));
        const matches = tag !== undefined && (tag === pod.rayVersion || tag.startsWith(`${pod.rayVersion}-`));
        return matches
          ? []
          : [{ rule: this.id, path: `${ray.path}.image`, message: `expected an image tag that starts with rayVersion '${pod.rayVersion}' (e.g. ${pod.rayVersion}-py311), got '${tag ?? ''}'` }];
      });
  },
};
