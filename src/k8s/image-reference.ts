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
  if (verdicts.has(image)) return verdicts.get(image);
  let problem: string | undefined;
  try {
    parseFamiliarName(image);
  } catch (error) {
    problem = (error as Error).message;
  }
  verdicts.set(image, problem);
  return problem;
}

/** Per image: the same few images recur in every pod template of every environment. */
const verdicts = new Map<string, string | undefined>();
