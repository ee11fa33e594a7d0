import { windows1252Decoder } from '../shared/windows-1252.js'

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
  const name = names[codepage] ?? 'windows-1252'
  // Node 20 reads windows-1252 as ISO-8859-1 (\'92 a control, not ’): shared/windows-1252.ts.
  if (name === 'windows-1252') return windows1252Decoder()
  try {
    return new TextDecoder(name)
  } catch {
    return windows1252Decoder()
  }
}
