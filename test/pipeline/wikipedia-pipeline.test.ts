import { Duration, Size, Testing } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import { describe, expect, test } from 'vitest';
import { PipelineMode, STEP_DEADLINE_GRACE } from '../../src/pipeline/argo/pipeline-workflow';
import { ConcurrencyPolicy } from '../../src/pipeline/argo/pipeline-schedule';
import { RAY_JOB_FAILURE_CONDITION, RAY_JOB_SUCCESS_CONDITION } from '../../src/pipeline/argo/ray-job-conditions';
import { WikipediaPipeline } from '../../src/pipeline/wikipedia-pipeline';
import { validateManifests } from '../../src/validation/validate';
import { gke, local } from '../support/environments';
import { parse } from 'yaml';
import { DUMP, synthPipeline } from './pipeline-fixture';

/** `depends` edges of a DAG template as `from→to`. */
const edges = (dag: any): string[] =>
  dag.tasks.flatMap((t: any) => (t.depends ? t.depends.split(/\s*&&\s*/).map((d: string) => `${d}→${t.name}`) : []));

describe('WikipediaPipeline', () => {
  test('defaults: RWX claims, one shard, staged DAG, GPU embed workers, no schedule', () => {
    const { objects, workflowTemplate, template, createdJob } = synthPipeline(gke());
    const claims = objects.filter((o) => o.kind === 'PersistentVolumeClaim');
    expect(claims.map((c) => [c.metadata.name, c.spec.accessModes, c.spec.storageClassName, c.spec.resources.requests.storage])).toEqual([
      ['wikipedia-dumps', ['ReadWriteMany'], gke().storage.readWriteManyClass, '50Gi'],
      ['wikipedia-output', ['ReadWriteMany'], gke().storage.readWriteManyClass, '10Gi'],
    ]);
    expect(objects.some((o) => o.kind === 'CronWorkflow')).toBe(false);
    expect(objects.some((o) => o.kind === 'RayJob')).toBe(false);
    expect(workflowTemplate.spec).toMatchObject({
      entrypoint: 'pipeline',
      serviceAccountName: 'wikipedia-workflow',
      podGC: { strategy: 'OnPodSuccess' },
      ttlStrategy: { secondsAfterCompletion: 7 * 24 * 3600 },
    });
    expect(template('pipeline').parallelism).toBe(1);
    expect(template('pipeline').dag.tasks[1].withItems).toEqual([0]);

    const tokenize = createdJob('tokenize', { shard: '0' });
    expect(tokenize.metadata.generateName).toBe('wikipedia-tokenize-');
    expect(tokenize.metadata.name).toBeUndefined();
    expect(tokenize.metadata.namespace).toBeUndefined();
    expect(tokenize.spec).toMatchObject({ backoffLimit: 0, shutdownAfterJobFinishes: true, ttlSecondsAfterFinished: 600, activeDeadlineSeconds: 43200 });
    expect(tokenize.spec.entrypoint).toBe(
      'python -m ray_workloads.pipeline --stage tokenize --input /dumps --output /output --shard 0/1 --batch-size 1000 --run-id {{workflow.name}}',
    );
    const [cpuGroup] = tokenize.spec.rayClusterSpec.workerGroupSpecs;
    expect(cpuGroup).toMatchObject({ groupName: 'tokenize-workers', replicas: 2, minReplicas: 2, maxReplicas: 2 });
    expect(cpuGroup.template.spec.containers[0].resources.limits).toEqual({ cpu: '2', memory: '4Gi' });

    const embed = createdJob('embed', { shard: '0' });
    expect(embed.spec.entrypoint).toBe(
      'python -m ray_workloads.pipeline --stage embed --input /dumps --output /output --shard 0/1 --embed-batch-size 64 --model sentence-transformers/all-MiniLM-L6-v2 --run-id {{workflow.name}}',
    );
    const [gpuGroup] = embed.spec.rayClusterSpec.workerGroupSpecs;
    const gpuPod = gpuGroup.template.spec;
    // By default any GPU, spot first: a whole node of the smallest GPU pool (3 CPU, 13 GiB, 1 GPU of a
    // g2-standard-4), the GPU taint tolerated, and no accelerator type since the pools differ.
    expect(gpuPod.containers[0].resources.limits).toEqual({ cpu: '3', memory: '13Gi', 'nvidia.com/gpu': 1 });
    expect(gpuGroup.resources).toEqual({ CPU: '3', GPU: '1' });
    expect(gpuPod.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution).toHaveLength(1);
    expect(gpuPod.tolerations).toEqual([{ key: 'nvidia.com/gpu', operator: 'Equal', value: 'present', effect: 'NoSchedule' }]);
    expect(gpuPod.containers[0].image).toMatch(/-gpu$/);
  });

  test('every job logs to the MLflow it is given; none is set without one', () => {
    const uri = 'http://mlflow.ray.svc:5000';
    const podEnv = (job: any) => job.spec.rayClusterSpec.headGroupSpec.template.spec.containers[0].env;
    const { createdJob } = synthPipeline(gke(), { mlflowTrackingUri: uri });
    for (const job of [createdJob('tokenize', { shard: '0' }), createdJob('embed', { shard: '0' }), createdJob('index')]) {
      expect(podEnv(job)).toEqual(
        expect.arrayContaining([
          { name: 'MLFLOW_TRACKING_URI', value: uri },
          { name: 'MLFLOW_EXPERIMENT_NAME', value: 'wikipedia' },
        ]),
      );
    }
    const names = (podEnv(synthPipeline(gke()).createdJob('index')) ?? []).map((e: any) => e.name);
    expect(names).not.toContain('MLFLOW_TRACKING_URI');
  });

  test('the search RayService embeds queries with the pipeline model and mounts the output volume read-only', () => {
    const { objects } = synthPipeline(gke(), { model: 'sentence-transformers/all-MiniLM-L12-v2' });
    const service = objects.find((o) => o.kind === 'RayService');
    expect(service.metadata.name).toBe('wikipedia-search');
    const [app] = parse(service.spec.serveConfigV2).applications;
    expect(app).toMatchObject({
      name: 'search',
      import_path: 'ray_workloads.serve.search:build_app',
      args: { index_uri: '/output/index', model: 'sentence-transformers/all-MiniLM-L12-v2', device: 'cpu' },
    });
    const pods = [service.spec.rayClusterConfig.headGroupSpec, ...service.spec.rayClusterConfig.workerGroupSpecs].map((g: any) => g.template.spec);
    for (const pod of pods) {
      expect(pod.volumes).toContainEqual({ name: 'output', persistentVolumeClaim: { claimName: 'wikipedia-output' } });
      expect(pod.containers[0].volumeMounts).toContainEqual({ name: 'output', mountPath: '/output', readOnly: true });
    }
  });

  test('volumes are mounted on the head and every worker of every job at the same paths, dumps read-only', () => {
    const { createdJob } = synthPipeline(gke());
    for (const name of ['tokenize', 'embed', 'tokenize-embed']) {
      const cluster = createdJob(name, { shard: '0' }).spec.rayClusterSpec;
      const pods = [cluster.headGroupSpec, ...cluster.workerGroupSpecs].map((g: any) => g.template.spec);
      for (const pod of pods) {
        expect(pod.volumes.filter((v: any) => v.persistentVolumeClaim).map((v: any) => v.persistentVolumeClaim.claimName)).toEqual([
          'wikipedia-dumps',
          'wikipedia-output',
        ]);
        const mounts = pod.containers[0].volumeMounts.filter((m: any) => m.name !== 'ray-logs');
        expect(mounts).toEqual([
          { name: 'dumps', mountPath: '/dumps', readOnly: true },
          { name: 'output', mountPath: '/output' },
        ]);
      }
    }
  });

  test('custom: name, shards, model, sizes, batch sizes, workers, retries, deadlines, schedule, streaming mode', () => {
    const { objects, workflowTemplate, template, createdJob } = synthPipeline(gke(), {
      name: 'simplewiki',
      shards: 3,
      parallelism: 2,
      mode: PipelineMode.STREAMING,
      model: '/models/e5-small',
      batchSize: 500,
      embedBatchSize: 128,
      dumpsSize: Size.gibibytes(5),
      outputSize: Size.gibibytes(2),
      head: { cpu: Cpu.units(1), memory: Size.gibibytes(4) },
      tokenizeWorkers: { count: 3, resources: { cpu: Cpu.units(4), memory: Size.gibibytes(8) } },
      embedWorkers: { count: 2 },
      retry: { limit: 4, backoff: Duration.seconds(30), factor: 3, maxBackoff: Duration.minutes(5) },
      stageDeadline: Duration.hours(2),
      downloadDeadline: Duration.hours(1),
      clusterTtl: Duration.minutes(30),
      workflowTtl: Duration.days(1),
      schedules: ['0 3 * * 0', '@monthly'],
      concurrencyPolicy: ConcurrencyPolicy.REPLACE,
    });
    expect(objects.filter((o) => o.kind === 'PersistentVolumeClaim').map((c) => c.spec.resources.requests.storage)).toEqual(['5Gi', '2Gi']);
    expect(workflowTemplate.metadata.name).toBe('simplewiki');
    expect(workflowTemplate.spec.entrypoint).toBe('streaming');
    expect(template('pipeline').parallelism).toBe(2);
    expect(template('pipeline').dag.tasks[1].withItems).toEqual([0, 1, 2]);
    expect(template('tokenize').retryStrategy).toEqual({ limit: 4, retryPolicy: 'Always', backoff: { duration: '30s', factor: 3, cap: '300s' } });
    expect(template('download-dumps').activeDeadlineSeconds).toBe(3600);

    const stream = createdJob('tokenize-embed');
    expect(stream.metadata.generateName).toBe('simplewiki-stream-');
    expect(stream.spec.entrypoint).toBe(
      'python -m ray_workloads.pipeline --stage all --input /dumps --output /output --batch-size 500 --embed-batch-size 128 --model /models/e5-small --run-id {{workflow.name}}',
    );
    expect(stream.spec).toMatchObject({ ttlSecondsAfterFinished: 1800, activeDeadlineSeconds: 7200 });
    expect(stream.spec.rayClusterSpec.headGroupSpec.template.spec.containers[0].resources.limits).toEqual({ cpu: '1', memory: '4Gi' });
    expect(stream.spec.rayClusterSpec.workerGroupSpecs.map((g: any) => [g.groupName, g.replicas])).toEqual([
      ['tokenize-workers', 3],
      ['embed-workers', 2],
    ]);

    const cron = objects.find((o) => o.kind === 'CronWorkflow');
    expect(cron.metadata.name).toBe('simplewiki-refresh');
    expect(cron.spec).toEqual({
      schedules: ['0 3 * * 0', '@monthly'],
      concurrencyPolicy: 'Replace',
      workflowSpec: { workflowTemplateRef: { name: 'simplewiki' } },
    });
  });

  test('cpuOnly (local): embed workers are CPU pods on the default class, ReadWriteOnce on the single node', () => {
    const { objects, createdJob } = synthPipeline(local(), { cpuOnly: true });
    expect(objects.filter((o) => o.kind === 'PersistentVolumeClaim').map((c) => [c.spec.accessModes, c.spec.storageClassName])).toEqual([
      [['ReadWriteOnce'], undefined],
      [['ReadWriteOnce'], undefined],
    ]);
    const [group] = createdJob('embed', { shard: '0' }).spec.rayClusterSpec.workerGroupSpecs;
    expect(group.template.spec.containers[0].resources.limits).toEqual({ cpu: '2', memory: '4Gi' });
    expect(group.rayStartParams['num-gpus']).toBeUndefined();
    expect(group.template.spec.containers[0].image).toBe('ray-workloads:2.52.0-py311');
  });
});

describe('a second pipeline', () => {
  test('beside the first in one chart: own names throughout, and the pair validates', () => {
    // GIVEN the README's example next to the environment's own pipeline
    const { chart } = synthPipeline(gke(), { schedules: ['0 3 * * 0'] });
    new WikipediaPipeline(chart, 'Dewiki', {
      environment: gke(),
      name: 'dewiki',
      dumpUrls: ['https://dumps.wikimedia.org/other/cirrussearch/20240101/dewiki-20240101-cirrussearch-content.json.gz'],
      shards: 4,
      model: 'sentence-transformers/paraphrase-multilingual-MiniLM-L12-v2',
      dumpsSize: Size.gibibytes(20),
      schedules: ['0 4 * * 1'],
    });
    const objects = Testing.synth(chart);
    // THEN no two objects of a kind share a name, and everything passes validation
    const keys = objects.map((o: any) => `${o.kind}/${o.metadata.name}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys.filter((k: string) => k.includes('dewiki')).sort()).toEqual([
      'ConfigMap/dewiki-download-script',
      'CronWorkflow/dewiki-refresh',
      'PersistentVolumeClaim/dewiki-dumps',
      'PersistentVolumeClaim/dewiki-output',
      'Role/dewiki-workflow',
      'RoleBinding/dewiki-workflow',
      'ServiceAccount/dewiki-workflow',
      'WorkflowTemplate/dewiki',
    ]);
    expect(validateManifests(objects, gke())).toEqual([]);
  });
});

describe('workflow graph', () => {
  const N = 4;
  const { workflowTemplate, template, createdJob, templates } = synthPipeline(gke(), { shards: N, parallelism: 2 });

  test('stage order: download → shards (tokenize → embed) → index; streaming: download → tokenize-embed', () => {
    expect(edges(template('pipeline').dag)).toEqual(['download→shard', 'shard→index']);
    expect(template('pipeline').dag.tasks.map((t: any) => [t.name, t.template])).toEqual([
      ['download', 'download-dumps'],
      ['shard', 'shard'],
      ['index', 'index'],
    ]);
    expect(edges(template('shard').dag)).toEqual(['tokenize→embed']);
    expect(template('shard').dag.tasks.map((t: any) => t.template)).toEqual(['tokenize', 'embed']);
    expect(edges(template('streaming').dag)).toEqual(['download→tokenize-embed']);
    // Every task names a template that exists, and the default entrypoint is one of them.
    const names = templates.map((t) => t.name);
    for (const t of templates.filter((t) => t.dag)) for (const task of t.dag.tasks) expect(names).toContain(task.template);
    expect(names).toContain(workflowTemplate.spec.entrypoint);
  });

  test('the index step: one head-only job over every shard, no --shard, one MLflow run id per Workflow', () => {
    const index = createdJob('index');
    expect(index.spec.entrypoint).toBe('python -m ray_workloads.pipeline --stage index --input /dumps --output /output --run-id {{workflow.name}}');
    expect(index.spec.rayClusterSpec.workerGroupSpecs).toEqual([]);
    expect(createdJob('tokenize-embed').spec.entrypoint).toMatch(/--stage all .*--run-id \{\{workflow\.name\}\}$/);
  });

  test('shard count and parallelism: N items, at most 2 shards at once', () => {
    const fanOut = template('pipeline').dag.tasks.find((t: any) => t.withItems);
    expect(fanOut.withItems).toEqual([0, 1, 2, 3]);
    expect(fanOut.arguments.parameters).toEqual([{ name: 'shard', value: '{{item}}' }]);
    expect(template('pipeline').parallelism).toBe(2);
  });

  test('shards partition the input: each item runs --shard i/N for its own i, into the shared output', () => {
    for (const stage of ['tokenize', 'embed']) {
      const entrypoints = [0, 1, 2, 3].map((i) => createdJob(stage, { shard: String(i) }).spec.entrypoint as string);
      expect(entrypoints.map((e) => /--shard (\S+)/.exec(e)![1])).toEqual(['0/4', '1/4', '2/4', '3/4']);
      expect(new Set(entrypoints.map((e) => /--output (\S+)/.exec(e)![1]))).toEqual(new Set(['/output']));
      // Distinct, traceable jobs: one generateName per stage, the shard in an annotation.
      expect(createdJob(stage, { shard: '2' }).metadata.annotations).toEqual({ 'ray-gitops.io/shard': '2/4' });
    }
  });

  test('every Ray stage creates its RayJob, owned by the Workflow, and waits on the KubeRay conditions', () => {
    for (const name of ['tokenize', 'embed', 'tokenize-embed', 'index']) {
      expect(template(name).resource).toMatchObject({
        action: 'create',
        setOwnerReference: true,
        successCondition: RAY_JOB_SUCCESS_CONDITION,
        failureCondition: RAY_JOB_FAILURE_CONDITION,
      });
      const job = createdJob(name, { shard: '0' });
      expect(job.kind).toBe('RayJob');
      // 47 characters at most once the API server appends 5.
      expect(job.metadata.generateName.length + 5).toBeLessThanOrEqual(47);
    }
  });

  test('retries in one layer: every leaf step retries with backoff, every RayJob has backoffLimit 0', () => {
    const leaves = templates.filter((t) => t.container || t.resource);
    expect(leaves.map((t) => t.name).sort()).toEqual(['download-dumps', 'embed', 'index', 'tokenize', 'tokenize-embed']);
    for (const t of leaves) {
      expect(t.retryStrategy).toEqual({ limit: 2, retryPolicy: 'Always', backoff: { duration: '60s', factor: 2, cap: '900s' } });
      if (t.resource) expect(createdJob(t.name, { shard: '0' }).spec.backoffLimit).toBe(0);
    }
    // DAG templates don't retry: a failed shard reruns only its failed step.
    for (const t of templates.filter((t) => t.dag)) expect(t.retryStrategy).toBeUndefined();
  });

  test("deadlines: KubeRay's fires before the step's, and the cluster TTL outlives the step's polling", () => {
    for (const name of ['tokenize', 'embed', 'tokenize-embed']) {
      const job = createdJob(name, { shard: '0' });
      expect(template(name).activeDeadlineSeconds).toBe(job.spec.activeDeadlineSeconds + STEP_DEADLINE_GRACE.toSeconds());
      expect(job.spec.ttlSecondsAfterFinished).toBeGreaterThanOrEqual(60);
    }
    expect(template('download-dumps').activeDeadlineSeconds).toBe(6 * 3600);
  });

  test('the download step runs the shipped script with the dump URLs, as a fixed non-root user', () => {
    const download = template('download-dumps');
    expect(download.container.command).toEqual(['/bin/sh', '/opt/download/download-dump.sh', '/dumps', DUMP]);
    expect(download.container.image).toMatch(/^curlimages\/curl:\d+\.\d+\.\d+$/);
    expect(download.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1000, fsGroup: 1000 });
    expect(download.volumes).toEqual([
      { name: 'dumps', persistentVolumeClaim: { claimName: 'wikipedia-dumps' } },
      { name: 'download-script', configMap: { name: 'wikipedia-download-script' } },
    ]);
  });
});

describe('bad props fail with the construct path, the prop and what was expected', () => {
  const build = (props: Record<string, unknown>, env = gke()) => () =>
    new WikipediaPipeline(Testing.chart(), 'Pipeline', { environment: env, dumpUrls: [DUMP], ...props });

  test.each([
    [{ shards: 0 }, /Pipeline: shards: expected a whole number >= 1, got 0/],
    [{ shards: 1.5 }, /shards: expected a whole number >= 1, got 1.5/],
    [{ parallelism: 0 }, /parallelism: expected a whole number >= 1/],
    [{ dumpsSize: Size.gibibytes(NaN) }, /Pipeline\/Volumes: dumpsSize: expected a whole number of GiB >= 1 \(a Kubernetes quantity such as 50Gi\), got NaN GiB/],
    [{ outputSize: Size.mebibytes(1536) }, /outputSize: expected a whole number of GiB >= 1 .*got 1.5 GiB/],
    [{ dumpsSize: Size.gibibytes(0) }, /dumpsSize: expected a whole number of GiB >= 1/],
    [{ schedules: ['0 3 * *'] }, /Schedule: schedules\[0\]: '0 3 \* \*' is not a cron schedule Argo accepts: expected exactly 5 fields/],
    [{ schedules: ['@daily', '61 * * * *'] }, /schedules\[1\]: .*minute field '61'/],
    [{ schedules: ['0 0 31 2 *'] }, /Schedule: schedules\[0\]: expected a cron schedule that fires, got '0 0 31 2 \*': day of month field '31' names no day that month field '2' has \(at most: February 29\)/],
    [{ schedules: [] }, /schedules: expected at least one cron schedule/],
    [{ name: 'Wiki' }, /name: expected a DNS-1035 label of at most 32 characters, got 'Wiki'/],
    [{ name: 'a'.repeat(33) }, /name: expected a DNS-1035 label of at most 32 characters, got 'a{33}'/],
    [{ dumpUrls: [] }, /Download: dumpUrls: expected at least one dump URL/],
    [{ dumpUrls: ['ftp://x.org/a.json.gz'] }, /dumpUrls\[0\]: expected an http or https URL, got 'ftp:\/\/x.org\/a.json.gz'/],
    [{ dumpUrls: ['https://x.org/a.json.bz2'] }, /dumpUrls\[0\]: .*gzipped CirrusSearch dump.*got file name 'a.json.bz2'/],
    [{ dumpUrls: [DUMP, DUMP.replace('dumps.example.org', 'mirror.example.org')] }, /dumpUrls\[1\]: saves to '.*' like dumpUrls\[0\]/],
    [{ model: 'a model; rm -rf /' }, /model: expected a model name or folder .*, got 'a model; rm -rf \/'/],
    [{ embedWorkers: { resources: { cpu: Cpu.units(2), memory: Size.gibibytes(4) } } }, /embedWorkers.resources.gpus: expected >= 1 for the GPU embed stage/],
    [{ tokenizeWorkers: { count: 0 } }, /tokenizeWorkers.count: expected a whole number >= 1, got 0/],
    [{ clusterTtl: Duration.seconds(5) }, /clusterTtl: expected at least 1 minute/],
    [{ retry: { limit: -1 } }, /Workflow: retry.limit: expected a whole number >= 0, got -1/],
    [{ retry: { backoff: Duration.minutes(10), maxBackoff: Duration.minutes(1) } }, /retry.maxBackoff: expected at least backoff \(600s\), got 60s/],
    [{ stageDeadline: Duration.seconds(30) }, /stageDeadline: expected at least 1 minute/],
  ])('%o', (props, message) => {
    expect(build(props)).toThrow(message);
  });

  test('a GPU stage where the environment has no GPUs, unless marked cpuOnly', () => {
    expect(build({}, local())).toThrow(
      "Pipeline: cpuOnly: the embed stage runs on GPUs but environment 'local' has no GPU node pool; set cpuOnly: true to embed on CPU workers",
    );
    expect(build({ cpuOnly: true }, local())).not.toThrow();
  });

  test('GPUs asked for in a cpuOnly pipeline', () => {
    expect(build({ cpuOnly: true, embedWorkers: { resources: { cpu: Cpu.units(2), memory: Size.gibibytes(4), gpus: 1 } } })).toThrow(
      'embedWorkers.resources.gpus: expected 0 in a cpuOnly pipeline, got 1',
    );
  });

  test('errors from the RayJobs built for the templates name the pipeline option, then the job and its prop', () => {
    // GIVEN embed workers with more GPUs than a node of any pool has
    expect(build({ embedWorkers: { resources: { cpu: Cpu.units(2), memory: Size.gibibytes(4), gpus: 2 } } })).toThrow(
      /^embedWorkers\.resources\.gpus: expected at most 1, the most GPUs one node has in environment 'gke' \(.*\), got 2 \(test\/Pipeline\/embed-job: workerGroups\[0\]\.resources\.gpus\)$/,
    );
    // The tokenize workers are the first group of their job too: told apart by the option, not by `workerGroups[0]`.
    expect(build({ tokenizeWorkers: { resources: { cpu: Cpu.units(2), memory: Size.gibibytes(4000) } } })).toThrow(/^tokenizeWorkers\.resources\.memory: expected at most /);
    expect(build({ head: { cpu: Cpu.units(2), memory: Size.gibibytes(4000) } })).toThrow(/^head\.memory: expected at most .* \(test\/Pipeline\/tokenize-job: head\.resources\.memory\)$/);
  });
});
