import type { Dirent } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { type ConfigFile, type LoadResult, loadConfigFiles } from './load-config.ts';
import { type ConfigProblem, sortProblems } from './problems.ts';

const yamlFile = /\.ya?ml$/;

/**
 * Reads every `*.yaml`/`*.yml` under `dir` (recursively, sorted, skipping dot-folders and node_modules)
 * into the model. File names in problems are `dir` joined with the file's path inside it.
 */
export async function loadConfigDir(dir: string): Promise<LoadResult> {
  const problems: ConfigProblem[] = [];
  const files: ConfigFile[] = [];
  for (const relative of await listYamlFiles(dir, '', problems)) {
    const file = join(dir, relative);
    try {
      files.push({ file, text: await readFile(file, 'utf8') });
    } catch (error) {
      problems.push({ file, line: 1, col: 1, message: `cannot read file: ${(error as Error).message}` });
    }
  }
  const result = loadConfigFiles(files);
  if (problems.length === 0) return result;
  return { ...result, problems: sortProblems([...problems, ...result.problems]) };
}

async function listYamlFiles(root: string, relative: string, problems: ConfigProblem[]): Promise<string[]> {
  let entries: Dirent[];
  try {
    entries = await readdir(join(root, relative), { withFileTypes: true });
  } catch (error) {
    problems.push({
      file: join(root, relative),
      line: 1,
      col: 1,
      message: `cannot read directory: ${(error as Error).message}`,
    });
    return [];
  }
  const found: string[] = [];
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const path = relative ? `${relative}/${entry.name}` : entry.name;
    if (entry.isDirectory()) {
      if (!entry.name.startsWith('.') && entry.name !== 'node_modules')
        found.push(...(await listYamlFiles(root, path, problems)));
    } else if (yamlFile.test(entry.name) && (entry.isFile() || (await isLinkToFile(join(root, path))))) {
      found.push(path);
    }
  }
  return found;
}

/** Kubernetes ConfigMap volumes present files as symlinks; follow them to files only, never to folders. */
async function isLinkToFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}
