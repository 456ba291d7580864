import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Command } from 'commander';
import { ENVIRONMENTS } from '../environments';
import { renderDiagrams } from '../review/diagram/render';
import { readSynthesizedTree } from '../k8s/manifests';

const ROOT = join(__dirname, '..', '..');

const program = new Command()
  .name('diagram')
  .description("Draw every environment of dist/ and argocd/ as docs/architecture/<env>.svg, with this repository's node pools and which pods land on them")
  .option('--root <dir>', 'repository whose dist/ and argocd/ are drawn', ROOT)
  .option('--out <dir>', 'folder of the SVGs', join(ROOT, 'docs', 'architecture'))
  .option('--check', 'write nothing; exit 1 when an SVG in --out is missing, stale or left over')
  .action(async (options: { root: string; out: string; check?: boolean }) => {
    // The pools are this repository's environments': drawn only for its own dist/ and argocd/.
    const pools = new Map(options.root === ROOT ? ENVIRONMENTS.map((e) => [e.name, e.nodePools]) : []);
    const svgs = await renderDiagrams(readSynthesizedTree(options.root), pools);
    const expected = new Map([...svgs].map(([env, svg]) => [`${env}.svg`, svg]));
    const present = existsSync(options.out) ? readdirSync(options.out).filter((f) => f.endsWith('.svg')) : [];
    const leftOver = present.filter((f) => !expected.has(f));
    const stale = [...expected].filter(([file, svg]) => !present.includes(file) || readFileSync(join(options.out, file), 'utf8') !== svg);
    const where = relative(process.cwd(), options.out) || '.';
    if (options.check) {
      const problems = [...stale.map(([f]) => `${where}/${f} is missing or stale`), ...leftOver.map((f) => `${where}/${f} has no environment`)];
      if (problems.length > 0) {
        console.error(`${problems.join('\n')}\nrun npm run diagram and commit ${where}/`);
        process.exit(1);
      }
      console.log(`${where}: ${expected.size} diagrams are current`);
      return;
    }
    mkdirSync(options.out, { recursive: true });
    for (const [file, svg] of stale) writeFileSync(join(options.out, file), svg);
    for (const file of leftOver) rmSync(join(options.out, file));
    console.log(`${where}: ${stale.length} of ${expected.size} diagrams written, ${leftOver.length} removed`);
  });

program.parseAsync().catch((error: Error) => {
  console.error(`diagram failed: ${error.message}`);
  process.exit(2);
});
