import { Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Cpu } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import {
  WorkflowTemplateSpecTemplates,
  WorkflowTemplateSpecTemplatesContainerResourcesLimits as Quantity,
} from '../../imports/workflowtemplate-argoproj.io';
import { ComputeResources, memoryQuantity } from '../k8s/compute-resources';
import { RESTRICTED_WRITABLE_CONTAINER, restrictedPodAs } from '../k8s/pod-security';
import { ConfigError } from '../ray/config-error';
import { DUMP_DOWNLOAD_IMAGE, DUMP_DOWNLOAD_SCRIPT_NAME, readDumpDownloadScript } from './dump-image';
import { DUMPS_PATH } from './pipeline-volumes';

/**
 * Names a dump may have: gzip (the script verifies every download with `gzip -t`) and a
 * suffix the pipeline's reader takes (`ray_workloads.pipeline.cirrus_dump.DUMP_SUFFIXES`).
 */
const DUMP_FILE = /\.(json|ndjson)\.gz$/;

/** Where the download pod mounts the script's ConfigMap. */
const SCRIPT_DIR = '/opt/download';

/** The same UID/GID as the Ray pods, so the files it writes are theirs to read. */
const DOWNLOAD_UID = 1000;

export interface DumpDownloadProps {
  /** Prefix of the ConfigMap's name: `<prefix>-download-script`. */
  readonly namePrefix: string;
  /** CirrusSearch dump URLs (http or https, each ending in `.json.gz` or `.ndjson.gz`). */
  readonly urls: string[];
  /** Name of the dumps claim the files land in. */
  readonly dumpsClaimName: string;
  /**
   * CPU and memory of the download pod (curl, then `gzip -t` over each file).
   * @default - 500m CPU, 256 MiB
   */
  readonly resources?: Omit<ComputeResources, 'gpus'>;
}

/**
 * The step that fetches the dumps into the dumps volume: `download-dump.sh` shipped in a
 * ConfigMap and run by a pinned curl image. The script skips verified files, resumes
 * partial ones and retries with a bounded backoff, so the step is safe to rerun every time
 * the pipeline runs.
 */
export class DumpDownload extends Construct {
  public readonly script: kplus.ConfigMap;
  public readonly urls: readonly string[];

  constructor(
    scope: Construct,
    id: string,
    private readonly props: DumpDownloadProps,
  ) {
    super(scope, id);
    if (props.urls.length === 0) throw new ConfigError(this, 'dumpUrls', 'expected at least one dump URL, got none');
    const names = props.urls.map((url, i) => this.fileName(url, i));
    const twice = names.findIndex((n, i) => names.indexOf(n) !== i);
    if (twice >= 0) {
      throw new ConfigError(this, `dumpUrls[${twice}]`, `saves to '${names[twice]}' like dumpUrls[${names.indexOf(names[twice])}]; each URL needs its own file name`);
    }
    this.urls = props.urls;
    this.script = new kplus.ConfigMap(this, 'Script', {
      metadata: { name: `${props.namePrefix}-download-script` },
      data: { [DUMP_DOWNLOAD_SCRIPT_NAME]: readDumpDownloadScript() },
    });
  }

  /** The Argo container template that runs the script against the dumps volume (on the workflow's nodes). */
  public template(name: string): WorkflowTemplateSpecTemplates {
    const resources = this.props.resources ?? { cpu: Cpu.millis(500), memory: Size.mebibytes(256) };
    const quantities = { cpu: Quantity.fromString(resources.cpu.amount), memory: Quantity.fromString(memoryQuantity(resources.memory)) };
    return {
      name,
      securityContext: restrictedPodAs(DOWNLOAD_UID),
      volumes: [
        { name: 'dumps', persistentVolumeClaim: { claimName: this.props.dumpsClaimName } },
        { name: 'download-script', configMap: { name: this.script.name } },
      ],
      container: {
        name: 'main',
        image: DUMP_DOWNLOAD_IMAGE,
        // `command`, not `args`: bypasses the image's entrypoint, which expects its own user.
        command: ['/bin/sh', `${SCRIPT_DIR}/${DUMP_DOWNLOAD_SCRIPT_NAME}`, DUMPS_PATH, ...this.urls],
        resources: { requests: quantities, limits: quantities },
        volumeMounts: [
          { name: 'dumps', mountPath: DUMPS_PATH },
          { name: 'download-script', mountPath: SCRIPT_DIR, readOnly: true },
        ],
        securityContext: { ...RESTRICTED_WRITABLE_CONTAINER, readOnlyRootFilesystem: true },
      },
    };
  }

  private fileName(url: string, index: number): string {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new ConfigError(this, `dumpUrls[${index}]`, `'${url}' is not a URL`);
    }
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
      throw new ConfigError(this, `dumpUrls[${index}]`, `expected an http or https URL, got '${url}'`);
    }
    const name = parsed.pathname.split('/').pop() ?? '';
    if (!DUMP_FILE.test(name)) {
      throw new ConfigError(this, `dumpUrls[${index}]`, `'${url}' must name a gzipped CirrusSearch dump (*.json.gz or *.ndjson.gz), got file name '${name}'`);
    }
    return name;
  }
}
