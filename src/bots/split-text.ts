// Long replies split for chat platforms that limit the length of one message or block.

/**
 * Splits text into pieces of at most `max` UTF-16 units, at line breaks, then spaces, where
 * it can; never inside a surrogate pair (an emoji), and never leaving an empty piece.
 */
export function splitText(text: string, max: number): string[] {
  const pieces: string[] = [];
  let rest = text;
  while (rest.length > max) {
    const window = rest.slice(0, max);
    let cut = window.lastIndexOf('\n');
    if (cut <= 0) cut = window.lastIndexOf(' ');
    if (cut <= 0) cut = isHighSurrogate(rest.charCodeAt(max - 1)) ? max - 1 : max;
    const piece = rest.slice(0, cut).trimEnd();
    if (piece.trim() !== '') pieces.push(piece);
    rest = rest.slice(cut).replace(/^[\n ]+/, '');
  }
  if (rest.trim() !== '' || pieces.length === 0) pieces.push(rest.trim() === '' ? '…' : rest);
  return pieces;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
