// Types for scripts/build.mjs (plain JavaScript: postinstall runs it without tsx).
export declare function build(): Promise<{ ms: number; files: number }>;
