export declare const STAMP_FILE: string;
export declare function buildInputs(root: string): string[];
export declare function buildInputsHash(root: string): string;
export declare function buildState(root: string, outDir?: string): 'missing' | 'stale' | 'current';
export declare function chooseRuntime(
  root: string,
  requested?: string,
): { runtime?: 'dist' | 'tsx'; note?: string; error?: string };
