import { parseFamiliarName } from '@swimlane/docker-reference';

/** What {@link imageReferenceProblem} accepts, in words for messages (after "expected"). */
export const IMAGE_REFERENCE_FORM = 'an image reference kubelet can pull ([host[:port]/]lowercase/path[:tag][@digest])';

/**
 * Why kubelet cannot parse `image`, or undefined when it can. Kubelet parses a container's image
 * with distribution/reference's `ParseNormalizedNamed` (`pkg/util/parsers.ParseImageName`) and
 * fails the Pod with `InvalidImageName` otherwise; `@swimlane/docker-reference` is a port of it.
 * @returns distribution/reference's reason, e.g. `invalid reference format: repository name must be lowercase`
 */
export function imageReferenceProblem(image: string): string | undefined {
  try {
    parseFamiliarName(image);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}
