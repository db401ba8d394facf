/** Help-text helpers shared by the commands. */

/** An "Examples:" block for `addHelpText('after', …)`: each command line, then what it does. */
export function examples(list: ReadonlyArray<readonly [command: string, what: string]>): string {
  return `\nExamples:\n${list.map(([c, w]) => `  $ ${c}\n      ${w}`).join('\n')}\n`;
}
