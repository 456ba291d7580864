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
  let problem = grammarProblem(image);
  if (problem === undefined) {
    try {
      parseFamiliarName(image);
    } catch (error) {
      problem = (error as Error).message;
    }
  }
  verdicts.set(image, problem);
  return problem;
}

/** Per image: the same few images recur in every pod template of every environment. */
const verdicts = new Map<string, string | undefined>();

const INVALID = 'invalid reference format';
/** distribution/reference's grammar, piece by piece, each pattern without nested ambiguous repeats (linear time). */
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const DOMAIN_COMPONENT = /^[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?$/;
const IPV6_HOST = /^\[[0-9a-fA-F:.]+\]$/;
const PORT = /^[0-9]+$/;
const TAG = /^\w[\w.-]{0,127}$/;
const DIGEST = /^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}$/;

/**
 * The problems distribution/reference's `ParseNormalizedNamed` finds by its grammar alone, in its
 * order (an upper-case repository name first, then the reference's form), checked in linear
 * time: `@swimlane/docker-reference` matches the whole reference with one regular expression that
 * backtracks exponentially on some invalid input (`ray-workloads:2.52:v2` took seconds, a long name
 * ending in `!` minutes), so it only sees references of a valid form.
 */
function grammarProblem(image: string): string | undefined {
  const at = image.indexOf('@');
  const named = at === -1 ? image : image.slice(0, at);
  const slash = named.indexOf('/');
  const first = slash === -1 ? '' : named.slice(0, slash);
  const isDomain = slash !== -1 && (/[.:]/.test(first) || first === 'localhost' || first.toLowerCase() !== first);
  const remainder = isDomain ? named.slice(slash + 1) : named;
  const tagAt = remainder.indexOf(':');
  const remoteName = tagAt === -1 ? remainder : remainder.slice(0, tagAt);
  if (remoteName.toLowerCase() !== remoteName) return `${INVALID}: repository name must be lowercase`;
  if (at !== -1 && !DIGEST.test(image.slice(at + 1))) return INVALID;
  if (tagAt !== -1 && !TAG.test(remainder.slice(tagAt + 1))) return INVALID;
  if (!remoteName.split('/').every((component) => PATH_COMPONENT.test(component))) return INVALID;
  if (isDomain) {
    const colon = first.startsWith('[') ? first.indexOf(':', first.indexOf(']')) : first.indexOf(':');
    const host = colon === -1 ? first : first.slice(0, colon);
    if (colon !== -1 && !PORT.test(first.slice(colon + 1))) return INVALID;
    if (!(IPV6_HOST.test(host) || host.split('.').every((component) => DOMAIN_COMPONENT.test(component)))) return INVALID;
  }
  return undefined;
}
