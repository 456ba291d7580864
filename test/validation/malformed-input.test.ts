import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { embeddedObjects } from '../../src/k8s/argo-workflows';
import { parseYamlDocument } from '../../src/k8s/yaml-documents';
import { ENVIRONMENTS, environmentByName } from '../../src/environments';
import { readCharts } from '../../src/synth';
import { validateInputs } from '../../src/validation/input-findings';
import { readInputDocuments } from '../../src/validation/input-manifests';
import { validateManifests } from '../../src/validation/validate';
import { rayCluster, rayJob, rayService, selectorRayJob } from './kuberay/fixtures';

// Malformed input must come back as findings (the schema layer names the wrong field), never as a
// thrown error: every policy and KubeRay rule treats a field of the wrong type as absent. This
// test puts wrong-typed values at every depth of valid objects of every kind the project writes
// (the committed dist/ and argocd/ objects, the objects their Argo `resource` templates create,
// KubeRay samples), inside YAML-valued fields too (serveConfigV2, runtimeEnvYAML), and validates
// each mutated object with its environment and, as the `validate` command reads a file, without.

type Obj = Record<string, any>;

/** How many mutated objects the test validates; each gets one or two wrong-typed fields. */
const MUTATIONS = 2000;

/** mulberry32: a small seeded PRNG, so every run mutates the same fields the same way. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One value of each JSON type, some shaped like the fields they replace (quantities, resource maps). */
const WRONG_VALUES: readonly unknown[] = [
  'oops',
  '4Gi',
  '',
  7,
  -1,
  0.5,
  true,
  null,
  {},
  { cpu: 'oops' },
  [],
  ['oops'],
  [{}],
  [null],
];

function typeOf(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
}

/** Every (container, key) pair below `value`, at every depth. */
function slots(value: unknown, path: string, out: { parent: Obj; key: string; path: string }[] = []) {
  if (typeof value === 'object' && value !== null) {
    for (const key of Object.keys(value)) {
      const childPath = `${path}${Array.isArray(value) ? `[${key}]` : `.${key}`}`;
      out.push({ parent: value as Obj, key, path: childPath });
      slots((value as Obj)[key], childPath, out);
    }
  }
  return out;
}

/** The document of a multi-line string that is YAML (a Serve config, a runtime env); `undefined` for text that is not YAML. */
function yamlOrUndefined(text: string): unknown {
  try {
    return parseYamlDocument(text);
  } catch {
    return undefined;
  }
}

interface Base {
  readonly label: string;
  readonly environment: string;
  readonly object: Obj;
  /** The objects validated alongside it (cross-object policies). */
  readonly siblings: readonly Obj[];
}

function bases(): Base[] {
  const root = join(__dirname, '..', '..');
  const out: Base[] = [];
  for (const env of ENVIRONMENTS) {
    for (const dir of [join(root, 'dist', env.name), join(root, 'argocd', env.name)]) {
      for (const chart of readCharts(dir)) {
        chart.objects.forEach((object, i) => {
          const label = `${env.name}/${chart.chart}#${i}`;
          out.push({ label, environment: env.name, object, siblings: chart.objects });
          for (const e of embeddedObjects(object)) out.push({ label: `${label} ${e.path}`, environment: env.name, object: e.object, siblings: chart.objects });
        });
      }
    }
  }
  for (const [name, make] of Object.entries({ rayCluster, rayJob, selectorRayJob, rayService })) {
    const object = make();
    out.push({ label: `fixture ${name}`, environment: 'gke', object, siblings: [object] });
  }
  return out;
}

describe('validateManifests on malformed input', () => {
  it('reports a node affinity of the wrong type through the schema and places the pod as if it had none', () => {
    const cluster = rayCluster();
    cluster.spec.headGroupSpec.template.spec.affinity = {
      nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: 'oops' }] } },
    };
    const findings = validateManifests([cluster], environmentByName('gke'));
    expect(findings).toContainEqual(
      expect.objectContaining({
        rule: 'crd-schema',
        path: 'spec.headGroupSpec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions',
      }),
    );
    // The malformed term reads as one without expressions: every pool's labels pass it.
    const valid = rayCluster();
    const rules = (fs: { rule: string; path: string }[]) => fs.filter((f) => f.rule.startsWith('policy/')).map((f) => `${f.rule} ${f.path}`);
    expect(rules(findings)).toEqual(rules(validateManifests([valid], environmentByName('gke'))));
  });

  it(`reports findings and never throws on ${MUTATIONS} objects with wrong-typed fields`, () => {
    const all = bases();
    // Objects of the kinds with most rules (Ray, Argo) are drawn more often than plain Kubernetes ones.
    const rich = all.filter((b) => /ray\.io|argoproj\.io/.test(String(b.object.apiVersion)));
    const random = prng(17);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
    const crashes = new Map<string, string>();
    let findings = 0;
    for (let i = 0; i < MUTATIONS; i++) {
      const base = random() < 0.8 ? pick(rich) : pick(all);
      const mutated = structuredClone(base.object);
      const changes: string[] = [];
      const count = random() < 0.7 ? 1 : 2;
      for (let c = 0; c < count; c++) {
        const candidates = slots(mutated, '');
        // A third of the time a YAML-valued string (a Serve config, an Argo resource manifest) is changed inside.
        const yamlSlots = candidates.filter((x) => typeof x.parent[x.key] === 'string' && x.parent[x.key].includes('\n') && typeOf(yamlOrUndefined(x.parent[x.key])) === 'object');
        const inYaml = yamlSlots.length > 0 && random() < 1 / 3;
        const slot = inYaml ? pick(yamlSlots) : pick(candidates);
        if (!slot) break;
        const document = inYaml ? (yamlOrUndefined(slot.parent[slot.key]) as Obj) : undefined;
        const inner = document ? pick(slots(document, '')) : undefined;
        const target = inner ?? slot;
        const value = pick(WRONG_VALUES.filter((v) => typeOf(v) !== typeOf(target.parent[target.key])));
        target.parent[target.key] = structuredClone(value);
        if (inner) slot.parent[slot.key] = stringify(document);
        changes.push(`${slot.path}${inner ? ` (YAML) ${inner.path}` : ''} = ${JSON.stringify(value)}`);
      }
      const siblings = base.siblings.map((o) => (o === base.object ? mutated : o));
      // With its environment and the objects around it; without one, as `ray-gitops validate` reads it
      // (YAML text, findings located by line).
      const runs = [
        ['with environment', () => validateManifests([mutated], environmentByName(base.environment), siblings)],
        ['as YAML input, without environment', () => validateInputs(readInputDocuments(['-'], () => stringify(mutated)), {})],
      ] as const;
      for (const [how, run] of runs) {
        try {
          findings += run().length;
        } catch (error) {
          const site = String((error as Error).stack).split('\n').find((l) => l.includes('/src/')) ?? String(error);
          if (!crashes.has(site)) {
            crashes.set(site, `${base.label} ${changes.join(', ')} (${how}): ${String(error)}`);
          }
        }
      }
    }
    expect([...crashes].map(([site, example]) => `${site.trim()}\n    ${example}`)).toEqual([]);
    // The mutations are wrong enough to be reported.
    expect(findings).toBeGreaterThan(MUTATIONS);
  });
});
