/**
 * strconv.FormatFloat(x, 'e'|'f'|'g', prec, 64): the shortest digits that
 * read back as x (prec -1), or x rounded to nearest, ties to even, from its
 * exact binary value, which JavaScript's toFixed does not do (it rounds ties up).
 */

/** The bits of a double: its mantissa (implicit bit included) and unbiased binary exponent. */
function bitsOf(x: number): { mant: bigint; exp: number } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const biased = Number((bits >> 52n) & 0x7ffn);
  const mant = bits & ((1n << 52n) - 1n);
  return biased === 0 ? { mant, exp: 1 - 1023 } : { mant: mant | (1n << 52n), exp: biased - 1023 };
}

/** strconv's 'b' format: decimal mantissa, binary exponent (-4503599627370496p-53). */
function formatB(neg: boolean, x: number): string {
  const { mant, exp } = bitsOf(x);
  const e = exp - 52;
  return `${neg ? '-' : ''}${mant}p${e >= 0 ? '+' : ''}${e}`;
}

/** strconv's 'x' format: hexadecimal mantissa, binary exponent (0x1.8p+01), rounded to `prec` hex digits. */
function formatX(neg: boolean, x: number, prec: number, upper: boolean): string {
  let { mant, exp } = bitsOf(x);
  if (mant === 0n) exp = 0;
  mant <<= 8n;
  while (mant !== 0n && (mant & (1n << 60n)) === 0n) {
    mant <<= 1n;
    exp--;
  }
  if (prec >= 0 && prec < 15) {
    const shift = BigInt(prec * 4);
    const extra = BigInt.asUintN(64, mant << shift) & ((1n << 60n) - 1n);
    mant >>= 60n - shift;
    if ((extra | (mant & 1n)) > 1n << 59n) mant++;
    mant <<= 60n - shift;
    if ((mant & (1n << 61n)) !== 0n) {
      mant >>= 1n;
      exp++;
    }
  }
  const hex = (d: bigint) => d.toString(16);
  let out = `${neg ? '-' : ''}0x${(mant >> 60n) & 1n}`;
  mant = BigInt.asUintN(64, mant << 4n);
  if ((prec < 0 && mant !== 0n) || prec > 0) {
    out += '.';
    for (let i = 0; prec < 0 ? mant !== 0n : i < prec; i++) {
      out += hex((mant >> 60n) & 15n);
      mant = BigInt.asUintN(64, mant << 4n);
    }
  }
  const e = Math.abs(exp);
  out += `p${exp < 0 ? '-' : '+'}${e < 10 ? `0${e}` : e}`;
  return upper ? out.toUpperCase() : out;
}

/** Decimal digits without leading zeros; the value is 0.d × 10^dp. */
interface Digits {
  d: string;
  dp: number;
}

/** The exact decimal expansion of a finite, non-negative double. */
function exactDigits(x: number): Digits {
  if (x === 0) return { d: '', dp: 0 };
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const biased = Number((bits >> 52n) & 0x7ffn);
  let mantissa = bits & ((1n << 52n) - 1n);
  let exp = biased - 1075;
  if (biased === 0) exp = -1074;
  else mantissa |= 1n << 52n;
  let text: string;
  let dp: number;
  if (exp >= 0) {
    text = (mantissa << BigInt(exp)).toString();
    dp = text.length;
  } else {
    text = (mantissa * 5n ** BigInt(-exp)).toString();
    dp = text.length + exp;
  }
  return { d: text.replace(/0+$/, ''), dp };
}

function shortestDigits(x: number): Digits {
  if (x === 0) return { d: '', dp: 0 };
  const [mant = '', exp = '0'] = x.toExponential().split('e');
  return { d: mant.replace('.', '').replace(/0+$/, ''), dp: Number(exp) + 1 };
}

/** Keeps the first `nd` digits, rounding half to even on the exact value. */
function roundTo(digits: Digits, nd: number): Digits {
  const { d, dp } = digits;
  if (nd < 0) return { d: '', dp };
  if (nd >= d.length) return digits;
  const next = d.charCodeAt(nd) - 48;
  const exactHalf = next === 5 && nd + 1 === d.length;
  const prevOdd = nd > 0 && (d.charCodeAt(nd - 1) - 48) % 2 === 1;
  const up = next > 5 || (next === 5 && (!exactHalf || prevOdd));
  let kept = d.slice(0, nd);
  if (!up) return { d: kept.replace(/0+$/, ''), dp };
  let i = kept.length - 1;
  while (i >= 0 && kept[i] === '9') i--;
  if (i < 0) return { d: '1', dp: dp + 1 };
  kept = kept.slice(0, i) + String.fromCharCode(kept.charCodeAt(i) + 1);
  return { d: kept, dp };
}

function formatE(neg: boolean, digs: Digits, prec: number, e: string): string {
  let out = neg ? '-' : '';
  out += digs.d[0] ?? '0';
  if (prec > 0) out += `.${digs.d.slice(1, prec + 1).padEnd(prec, '0')}`;
  let exp = digs.d.length === 0 ? 0 : digs.dp - 1;
  const sign = exp < 0 ? '-' : '+';
  exp = Math.abs(exp);
  return `${out}${e}${sign}${exp < 10 ? `0${exp}` : exp}`;
}

function formatF(neg: boolean, digs: Digits, prec: number): string {
  let out = neg ? '-' : '';
  out += digs.dp > 0 ? digs.d.slice(0, digs.dp).padEnd(digs.dp, '0') : '0';
  if (prec > 0) {
    let frac = '';
    for (let i = 0; i < prec; i++) {
      const j = digs.dp + i;
      frac += j >= 0 && j < digs.d.length ? digs.d[j] : '0';
    }
    out += `.${frac}`;
  }
  return out;
}

export type FloatFormat = 'e' | 'E' | 'f' | 'g' | 'G' | 'b' | 'x' | 'X';

/** strconv.FormatFloat(x, fmt, prec, 64); prec < 0 means the shortest representation. */
export function formatFloat(x: number, fmt: FloatFormat, prec: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x < 0 ? '-Inf' : '+Inf';
  const neg = x < 0 || Object.is(x, -0);
  const abs = Math.abs(x);
  if (fmt === 'b') return formatB(neg, abs);
  if (fmt === 'x' || fmt === 'X') return formatX(neg, abs, prec, fmt === 'X');
  const shortest = prec < 0;
  let digs: Digits;
  if (shortest) {
    digs = shortestDigits(abs);
    const nd = digs.d.length;
    prec = fmt === 'e' || fmt === 'E' ? Math.max(nd - 1, 0) : fmt === 'f' ? Math.max(nd - digs.dp, 0) : nd;
  } else {
    const exact = exactDigits(abs);
    if (fmt === 'f') digs = roundTo(exact, exact.dp + prec);
    else {
      if ((fmt === 'g' || fmt === 'G') && prec === 0) prec = 1;
      digs = roundTo(exact, fmt === 'e' || fmt === 'E' ? prec + 1 : prec);
    }
  }
  if (fmt === 'e' || fmt === 'E') return formatE(neg, digs, prec, fmt);
  if (fmt === 'f') return formatF(neg, digs, prec);
  let eprec = prec;
  const nd = digs.d.length;
  if (eprec > nd && nd >= digs.dp) eprec = nd;
  if (shortest) eprec = 6;
  const exp = digs.dp - 1;
  if (exp < -4 || exp >= eprec) return formatE(neg, digs, Math.min(prec, nd) - 1, fmt === 'g' ? 'e' : 'E');
  return formatF(neg, digs, Math.max((prec > digs.dp ? nd : prec) - digs.dp, 0));
}

/** encoding/json's float: 'f' but 'e' (with a one-digit negative exponent kept short) beyond [1e-6, 1e21). */
export function jsonFloat(x: number): string {
  const abs = Math.abs(x);
  const exponent = abs !== 0 && (abs < 1e-6 || abs >= 1e21);
  const text = formatFloat(x, exponent ? 'e' : 'f', -1);
  return exponent ? text.replace(/e-0(\d)$/, 'e-$1') : text;
}
