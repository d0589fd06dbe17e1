const HAN = /\p{Script=Han}/u;

/**
 * Whether a name has Chinese characters. Apart from pinyin-names.ts so that asking does not load
 * pinyin-pro's dictionary (~17 MB), which only names with Han characters need.
 */
export const hasHan = (text: string): boolean => HAN.test(text);
