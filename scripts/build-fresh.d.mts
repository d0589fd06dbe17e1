// Types for scripts/build-fresh.mjs (plain JavaScript: bin/tend.js runs it before tsx loads).
export declare const ROOT: string;
export declare const BUILD_DIR: string;
export declare const MANIFEST: string;
export declare function buildKey(): string;
export declare function checkBuild():
  | { entry: string; stale?: undefined }
  | { entry?: undefined; stale: string };
