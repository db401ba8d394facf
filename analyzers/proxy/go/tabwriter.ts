/**
 * A port of Go's `text/tabwriter` (elastic tabstops), limited to what `istioctl` uses: left alignment,
 * a space pad character and no flags. istioctl prints every table through it, so matching its column
 * widths byte for byte needs its exact block rules: a column block is a run of consecutive lines that
 * all have a cell in that column; the last cell of a line is never padded; widths count code points.
 */
export interface TabwriterOptions {
  /** Minimal cell width including padding (Go `minwidth`). */
  minwidth: number;
  /** Cell padding added to the widest cell of a column (Go `padding`). */
  padding: number;
}

interface Cell {
  text: string;
  width: number;
}

export class GoTabwriter {
  private readonly buf: string[] = [];
  constructor(private readonly opts: TabwriterOptions) {}

  /** Append raw text (cells end with `\t`, lines with `\n`). */
  write(s: string): this {
    this.buf.push(s);
    return this;
  }

  /** `fmt.Fprintln(w, cells.join("\t"))`. */
  line(...cells: Array<string | number | boolean>): this {
    this.buf.push(cells.map(String).join('\t') + '\n');
    return this;
  }

  /** Format everything written so far (Go `Flush`). */
  flush(): string {
    const text = this.buf.join('');
    this.buf.length = 0;
    const lines: Cell[][] = [];
    for (const raw of text.split('\n')) {
      lines.push(raw.split('\t').map((t) => ({ text: t, width: runeCount(t) })));
    }
    // The text after the last '\n' is one trailing cell; Go drops it when empty.
    const last = lines[lines.length - 1];
    if (last.length === 1 && last[0].text === '') lines[lines.length - 1] = [];
    const out: string[] = [];
    const widths: number[] = [];
    this.format(lines, widths, out, 0, lines.length);
    return out.join('');
  }

  private format(lines: Cell[][], widths: number[], out: string[], line0: number, line1: number): void {
    const column = widths.length;
    for (let cur = line0; cur < line1; cur++) {
      if (column >= lines[cur].length - 1) continue;
      this.writeLines(lines, widths, out, line0, cur);
      line0 = cur;
      let width = this.opts.minwidth;
      for (; cur < line1; cur++) {
        const line = lines[cur];
        if (column >= line.length - 1) break;
        const w = line[column].width + this.opts.padding;
        if (w > width) width = w;
      }
      widths.push(width);
      this.format(lines, widths, out, line0, cur);
      widths.pop();
      line0 = cur;
      cur--; // the outer loop's increment must not skip the line that ended the block
    }
    this.writeLines(lines, widths, out, line0, line1);
  }

  private writeLines(lines: Cell[][], widths: number[], out: string[], line0: number, line1: number): void {
    for (let i = line0; i < line1; i++) {
      const line = lines[i];
      for (let j = 0; j < line.length; j++) {
        const c = line[j];
        out.push(c.text);
        if (j < widths.length && widths[j] > c.width) out.push(' '.repeat(widths[j] - c.width));
      }
      if (i + 1 < lines.length) out.push('\n');
    }
  }
}

function runeCount(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) i++;
    n++;
  }
  return n;
}
