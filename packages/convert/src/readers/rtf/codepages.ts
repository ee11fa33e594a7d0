/** Windows code pages RTF names (`\ansicpg`) → the WHATWG encoding names TextDecoder knows. */
const names: Record<number, string> = {
  437: 'ibm866',
  866: 'ibm866',
  874: 'windows-874',
  932: 'shift_jis',
  936: 'gbk',
  949: 'euc-kr',
  950: 'big5',
  1250: 'windows-1250',
  1251: 'windows-1251',
  1252: 'windows-1252',
  1253: 'windows-1253',
  1254: 'windows-1254',
  1255: 'windows-1255',
  1256: 'windows-1256',
  1257: 'windows-1257',
  1258: 'windows-1258',
  10000: 'macintosh',
  65001: 'utf-8',
}

/** A decoder for `\'hh` bytes in code page `codepage`; Windows-1252 for one this runtime lacks. */
export function decoderFor(codepage: number): { decode(bytes: Uint8Array): string } {
  try {
    return new TextDecoder(names[codepage] ?? 'windows-1252')
  } catch {
    return new TextDecoder('windows-1252')
  }
}
