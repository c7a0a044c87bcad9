// Number formatting. Money is integer fen; discounts are integer basis points (6500 = 6.5折 = 65%).
// No floating point is used for money: only integer division and remainders.

function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** Integer fen as `¥1,234.50`, negatives as `-¥12.00`. */
export function formatFen(fen: number): string {
  if (!Number.isSafeInteger(fen)) return String(fen);
  const negative = fen < 0;
  const abs = Math.abs(fen);
  const yuan = Math.floor(abs / 100);
  const cents = abs % 100;
  const text = `¥${groupThousands(String(yuan))}.${String(cents).padStart(2, '0')}`;
  return negative ? `-${text}` : text;
}

/** Integer fen as plain yuan for an input box: 500000 -> `5000.00`. */
export function fenToYuanInput(fen: number | null): string {
  if (fen === null) return '';
  const negative = fen < 0;
  const abs = Math.abs(fen);
  const text = `${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
  return negative ? `-${text}` : text;
}

/** Strip trailing zeros of a decimal fraction: (6, "500") -> "6.5", (6, "000") -> "6". */
function decimal(whole: number, frac: string): string {
  const f = frac.replace(/0+$/, '');
  return f ? `${whole}.${f}` : String(whole);
}

/** Discount in basis points as 折: 6500 -> `6.5折`, 6000 -> `6折`, 6550 -> `6.55折`. */
export function formatZhe(bp: number): string {
  return `${decimal(Math.floor(bp / 1000), String(bp % 1000).padStart(3, '0'))}折`;
}

/**
 * An average discount (实洋 ÷ 码洋) as the trade writes it: to the hundredth of a 折 (10 bp),
 * rounded half up, so one 6.5折 line whose net was rounded to the fen reads 6.5折, not 6.501折.
 * Only for display: totals are always the sums of the lines.
 */
export function formatAverageZhe(bp: number): string {
  return formatZhe(Math.floor((bp + 5) / 10) * 10);
}

/** Discount in basis points as a percentage of list price: 6500 -> `65%`, 6550 -> `65.5%`. */
export function formatPercent(bp: number): string {
  return `${decimal(Math.floor(bp / 100), String(bp % 100).padStart(2, '0'))}%`;
}

/** Discount for display in a given language. zh-CN: `6.5折`; en: `6.5折 (65%)`. */
export function formatDiscount(bp: number, lang: string): string {
  return lang === 'zh-CN' ? formatZhe(bp) : `${formatZhe(bp)} (${formatPercent(bp)})`;
}

/** Discount prefill for the edit form: full price (10000) is left blank. */
export function discountToInput(bp: number): string {
  return bp === 10000 ? '' : formatZhe(bp);
}

/**
 * Parse a decimal string into an integer scaled by 10^scale, or null when it has too many decimals
 * or is not a plain decimal. `("6.5", 3)` -> 6500.
 */
function scaled(text: string, scale: number): number | null {
  const m = /^(\d*)(?:\.(\d*))?$/.exec(text);
  if (!m || (m[1] === '' && (m[2] === undefined || m[2] === ''))) return null;
  const whole = m[1] === '' ? 0 : Number(m[1]);
  let frac = m[2] ?? '';
  if (frac.length > scale) {
    if (/[^0]/.test(frac.slice(scale))) return null;
    frac = frac.slice(0, scale);
  }
  return whole * 10 ** scale + Number(frac.padEnd(scale, '0') || '0');
}

export type DiscountHint =
  | { kind: 'blank' }
  | { kind: 'ok'; bp: number }
  | { kind: 'invalid' }
  | { kind: 'range'; bp: number };

/** Chinese numerals before 折 as digits: 六 -> `6`, 六五 / 六点五 -> `6.5`, 对 -> `5`; else null. */
function chineseZhe(n: string): string | null {
  if (n === '对') return '5';
  if (n === '十') return '10';
  const digit = (c: string) => (c === '〇' ? 0 : '零一二三四五六七八九'.indexOf(c));
  const chars = [...n];
  if (chars.length === 0 || digit(chars[0]) < 0) return null;
  let rest = chars.slice(1);
  if (rest[0] === '点') rest = rest.slice(1);
  if (rest.some((c) => digit(c) < 0)) return null;
  return rest.length ? `${digit(chars[0])}.${rest.map(digit).join('')}` : String(digit(chars[0]));
}

/**
 * Client-side reading of what the user typed in the discount box, only for the live hint next to
 * the input. The Rust core is authoritative (`money::parse_discount`), and this follows its
 * rules: 折 (also in Chinese numerals, 六五折), a percentage, or a bare number read by its size:
 * up to 1 a fraction (0.65), a decimal from 2 to 10 折 (5.8), 11 to 100 a percentage (58); a
 * whole 2 to 10 could be either and is not understood; 1 to 2 (1.5) is out of range.
 */
export function parseDiscountHint(raw: string): DiscountHint {
  const text = raw
    .trim()
    .replace(/\s+/g, '')
    .replace(/％/g, '%')
    .replace(/[。．]/g, '.')
    .replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
  if (text === '') return { kind: 'blank' };
  let bp: number | null = null;
  let m: RegExpExecArray | null;
  if ((m = /^(.+)折$/.exec(text))) {
    bp = scaled(chineseZhe(m[1]) ?? m[1], 3);
  } else if ((m = /^(.+)%$/.exec(text))) {
    bp = scaled(m[1], 2);
  } else {
    const v = scaled(text, 4);
    if (v === null) return { kind: 'invalid' };
    const decimal = text.includes('.');
    if (v <= 10000) bp = v;
    else if (v < 20000) return { kind: 'range', bp: v };
    else if (v <= 100000) bp = decimal ? scaled(text, 3) : null;
    else if (v <= 1000000) bp = scaled(text, 2);
    else return { kind: 'range', bp: v };
  }
  if (bp === null) return { kind: 'invalid' };
  if (bp <= 0 || bp > 10000) return { kind: 'range', bp };
  return { kind: 'ok', bp };
}

/** Split tags typed as comma separated text (also accepts ，、; and newlines). */
export function splitTags(text: string): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const part of text.split(/[,，、;；\n]/)) {
    const tag = part.trim();
    if (tag && !seen.has(tag)) {
      seen.add(tag);
      out.push(tag);
    }
  }
  return out;
}

/**
 * The one way a date is shown, in both languages and on every screen and printout: `2026-12-01`,
 * as the core stores it. A timestamp shows its date; a date typed as `2026/12/1` is padded; text
 * that is no date (a lunar birthday, a blank) is left as it is, and null shows as ''.
 */
export function formatDate(d: string | null | undefined): string {
  if (d === null || d === undefined) return '';
  const m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?=$|[T ])/.exec(d.trim());
  return m ? `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}` : d;
}

/** `2026-11-23T12:30:45Z` / `2026-11-23 12:30:45` -> `2026-11-23 12:30`; anything else unchanged. */
export function formatTimestamp(ts: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})/.exec(ts);
  return m ? `${formatDate(m[1])} ${m[2]}` : ts;
}

/** A quantity change with its sign: 5 -> `+5`, -3 -> `-3`, 0 -> `0`. */
export function formatSigned(n: number): string {
  return n > 0 ? `+${n.toLocaleString('en-US')}` : n.toLocaleString('en-US');
}

/** A whole count with thousands separators: 12345 -> `12,345`. */
export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}
